using System.Diagnostics;
using System.Globalization;
using EdgeCam.Edge.Volumes;
using EdgeCam.Testing;

namespace EdgeCam.Edge.Tests.Volumes;

public class VolumeSpaceReaderTests
{
    [Fact]
    [Trait("Category", "Integration")]
    public async Task Read_Ext4WithBlocksReservedForRoot_FreeIsStatvfsAvailableNotFree()
    {
        // A quarter of the volume reserved for root: f_bavail (what a non-root module may write) is well below f_bfree.
        using var temp = new TempDirectory("volume-space");
        using var volume = SmallVolume.Ext4(temp.Combine("v.img"), temp.Combine("mnt"), 16L * 1024 * 1024, reservedPercent: 25);
        var (available, free, blocks) = await StatvfsAsync(volume.MountPoint);

        var space = new VolumeSpaceReader(volume.MountPoint).Read();

        Assert.NotNull(space);
        Assert.Equal(available, space.FreeBytes);
        Assert.Equal(blocks, space.TotalBytes);
        Assert.True(space.FreeBytes < free * 0.85, $"free {space.FreeBytes} should leave out the root reserve (f_bfree {free})");
    }

    [Fact]
    public void Read_MissingDirectory_NullAndOneLineNamingIt()
    {
        using var temp = new TempDirectory();
        var missing = temp.Combine("absent");
        var reader = new VolumeSpaceReader(missing);

        var space = reader.Read();

        Assert.Null(space);
        Assert.StartsWith($"cannot read the free space of {missing} (", reader.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', reader.LastError!);
    }

    [Fact]
    public void Read_AfterAFailureThenGood_ClearsLastError()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("later");
        var reader = new VolumeSpaceReader(path);
        Assert.Null(reader.Read());
        Directory.CreateDirectory(path);

        var space = reader.Read();

        Assert.NotNull(space);
        Assert.Null(reader.LastError);
        Assert.InRange(space.FreeBytes, 0, space.TotalBytes);
    }

    /// <summary>statvfs as coreutils' <c>stat -f</c> reports it: available (f_bavail), free (f_bfree) and total bytes.</summary>
    private static async Task<(long Available, long Free, long Total)> StatvfsAsync(string path)
    {
        var info = new ProcessStartInfo("stat", ["-f", "-c", "%a %f %b %S", path]) { RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, process.ExitCode);
        var n = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (n[0] * n[3], n[1] * n[3], n[2] * n[3]);
    }
}
