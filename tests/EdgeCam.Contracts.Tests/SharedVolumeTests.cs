namespace EdgeCam.Contracts.Tests;

public sealed class SharedVolumeTests
{
    [Fact]
    public void ToRelative_PathUnderRoot_ReturnsForwardSlashRelativePath()
    {
        var volume = new SharedVolume("/var/lib/edgecam");

        var relative = volume.ToRelative(Path.Combine(volume.ClipsDirectory("cam1"), "evt.mp4"));

        Assert.Equal("clips/cam1/evt.mp4", relative);
    }

    [Fact]
    public void Resolve_RelativePath_ReturnsAbsoluteUnderRoot()
    {
        var volume = new SharedVolume("/var/lib/edgecam");

        Assert.Equal("/var/lib/edgecam/clips/cam1/evt.mp4", volume.Resolve("clips/cam1/evt.mp4"));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("clips/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    public void Resolve_PathLeavingVolume_Throws(string path)
    {
        var volume = new SharedVolume("/var/lib/edgecam");

        Assert.Throws<ArgumentException>(() => volume.Resolve(path));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(" ")]
    public void SpoolDirectory_InvalidCameraName_Throws(string camera)
    {
        var volume = new SharedVolume("/var/lib/edgecam");

        Assert.ThrowsAny<ArgumentException>(() => volume.SpoolDirectory(camera));
    }

    [Fact]
    public void CameraJournalDirectory_Camera_IsUnderJournalCamera()
    {
        var volume = new SharedVolume("/var/lib/edgecam");

        Assert.Equal("/var/lib/edgecam/journal/camera/cam1", volume.CameraJournalDirectory("cam1"));
        Assert.ThrowsAny<ArgumentException>(() => volume.CameraJournalDirectory(".."));
    }

    [Fact]
    public void ToRelative_PathOutsideRoot_Throws()
    {
        var volume = new SharedVolume("/var/lib/edgecam");

        Assert.Throws<ArgumentException>(() => volume.ToRelative("/tmp/x.mp4"));
    }
}
