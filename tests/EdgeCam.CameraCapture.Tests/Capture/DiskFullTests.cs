using EdgeCam.CameraCapture.Capture;
using EdgeCam.Testing;

namespace EdgeCam.CameraCapture.Tests.Capture;

[Trait("Category", "Unit")]
public sealed class DiskFullTests
{
    [Theory]
    [InlineData("Error writing trailer of seg_%06d.ts: No space left on device", true)]
    [InlineData("av_interleaved_write_frame(): no space left on device", true)]
    [InlineData("Cannot open device source '/dev/video0': No such file or directory", false)]
    [InlineData(null, false)]
    public void Explains_FfmpegErrorLine_TrueOnlyForEnospc(string? error, bool expected)
    {
        Assert.Equal(expected, DiskFull.Explains(error));
    }

    [Fact]
    public void Caused_IOExceptionFromAFullTmpfs_True()
    {
        using var temp = new TempDirectory("enospc");
        using var volume = SmallVolume.Tmpfs(temp.Combine("mnt"), 256 * 1024);
        volume.Fill(Path.Combine(volume.MountPoint, "ballast"));

        var ex = Assert.ThrowsAny<IOException>(() => File.WriteAllBytes(Path.Combine(volume.MountPoint, "session.json"), new byte[8192]));

        Assert.True(DiskFull.Caused(ex), $"{ex.GetType().Name} HResult {ex.HResult}: {ex.Message}");
    }

    [Theory]
    [InlineData(typeof(FileNotFoundException))]
    [InlineData(typeof(UnauthorizedAccessException))]
    public void Caused_OtherFailures_False(Type type)
    {
        var ex = (Exception)Activator.CreateInstance(type, "Access to the path '/data/spool' is denied.")!;

        Assert.False(DiskFull.Caused(ex));
    }
}
