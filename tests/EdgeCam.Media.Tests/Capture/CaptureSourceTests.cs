using EdgeCam.Media.Capture;

namespace EdgeCam.Media.Tests.Capture;

[Trait("Category", "Unit")]
public sealed class CaptureSourceTests
{
    [Theory]
    [InlineData("rtsp://cam/stream", CaptureSourceKind.Rtsp)]
    [InlineData("RTSPS://cam/stream", CaptureSourceKind.Rtsp)]
    [InlineData("/dev/video0", CaptureSourceKind.Device)]
    [InlineData("/var/lib/edgecam/demo.mp4", CaptureSourceKind.File)]
    [InlineData("demo.mp4", CaptureSourceKind.File)]
    public void Parse_SourceString_DetectsKind(string text, CaptureSourceKind expected)
    {
        var source = CaptureSource.Parse(text);

        Assert.Equal(expected, source.Kind);
    }

    [Fact]
    public void Parse_FilePlayedFast_IsNotLiveAndFinite()
    {
        var source = CaptureSource.Parse("a.mp4", realtime: false);

        Assert.False(source.IsLive);
        Assert.True(source.IsFinite);
    }

    [Fact]
    public void Parse_RtspIgnoresRealtimeFlag_IsLiveAndInfinite()
    {
        var source = CaptureSource.Parse("rtsp://cam/x", realtime: false, loop: false);

        Assert.True(source.IsLive);
        Assert.False(source.IsFinite);
    }

    [Fact]
    public void DisplayName_UrlWithCredentials_MasksThem()
    {
        var source = CaptureSource.Parse("rtsp://admin:s3cret@192.168.1.20:554/h264");

        Assert.Equal("rtsp://admin:***@192.168.1.20:554/h264", source.DisplayName);
        Assert.DoesNotContain("s3cret", source.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_FfmpegErrorLineWithUrl_RemovesPassword()
    {
        var masked = CaptureSource.Mask("rtsp://admin:s3cret@cam:554/x: Connection refused");

        Assert.Equal("rtsp://admin:***@cam:554/x: Connection refused", masked);
    }

    [Fact]
    public void Mask_UserInfoWithoutPassword_MasksAllOfIt()
    {
        var masked = CaptureSource.Mask("rtsp://a1b2c3token@cam/x and rtsp://cam:554/y");

        Assert.Equal("rtsp://***@cam/x and rtsp://cam:554/y", masked);
    }
}
