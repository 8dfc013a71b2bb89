using EdgeCam.Onvif.Media;

namespace EdgeCam.Onvif.Tests.Media;

[Trait("Category", "Unit")]
public sealed class StreamChoiceTests
{
    private static ProfileStream Stream(string token, int width, int height) =>
        new(new MediaProfile(token, token, "H264", width, height), new Uri($"rtsp://camera/{token}"));

    [Fact]
    public void MainAndSub_ThreeProfilesInAnyOrder_HighestAndLowestResolution()
    {
        var streams = new[] { Stream("hd", 1280, 720), Stream("sub", 640, 360), Stream("full", 1920, 1080) };

        Assert.Equal("full", StreamChoice.Main(streams)!.Profile.Token);
        Assert.Equal("sub", StreamChoice.Sub(streams)!.Profile.Token);
    }

    [Fact]
    public void MainAndSub_OneProfile_BothAreIt()
    {
        var streams = new[] { Stream("only", 1280, 720) };

        Assert.Same(streams[0], StreamChoice.Main(streams));
        Assert.Same(streams[0], StreamChoice.Sub(streams));
    }
}
