using EdgeCam.Media.Capture;
using EdgeCam.Testing;

namespace EdgeCam.Media.Tests.Capture;

public sealed class SourceProbeTests
{
    [Fact]
    [Trait("Category", "Integration")]
    public async Task ProbeFileAsync_TextFile_RejectedWithOneLineNamingTheSource()
    {
        using var temp = new TempDirectory("probe");
        var path = temp.Combine("notes.txt");
        await File.WriteAllLinesAsync(path, Enumerable.Range(1, 3000).Select(i => $"line {i}"));

        var ex = await Assert.ThrowsAsync<SourceRejectedException>(() => SourceProbe.ProbeFileAsync(CaptureSource.Parse(path), RequiredTool.Ffprobe(), CancellationToken.None));

        Assert.Equal($"Source '{path}' is not a camera: it is text, not video.", ex.Message);
    }

    [Fact]
    public async Task ProbeFileAsync_MissingFile_RejectedLikeFfmpegSaysIt()
    {
        var ex = await Assert.ThrowsAsync<SourceRejectedException>(() => SourceProbe.ProbeFileAsync(CaptureSource.Parse("/nonexistent/cam.mp4"), "ffprobe", CancellationToken.None));

        Assert.Equal("Cannot open file source '/nonexistent/cam.mp4': No such file or directory", ex.Message);
    }

    [Fact]
    public void Parse_NoVideoStream_RejectedNamingTheSource()
    {
        var ex = Assert.Throws<SourceRejectedException>(() => SourceProbe.Parse("""{ "streams": [], "format": { "format_name": "wav" } }""", "song.wav"));

        Assert.Equal("Source 'song.wav' is not a camera: it has no video stream (format wav).", ex.Message);
    }

    [Fact]
    public void Parse_PacketWithoutPts_HasNoTimestampsAndIsNotCopied()
    {
        var video = SourceProbe.Parse("""{ "packets": [{}, { "pts": 1 }], "streams": [{ "codec_name": "h264", "width": 640, "height": 480 }] }""", "a.avi");

        Assert.Equal(new SourceVideo("h264", 640, 480, HasTimestamps: false), video);
        Assert.False(video.CanBeCopied);
    }

    [Fact]
    public void Parse_StreamWithBFrames_ReordersFrames()
    {
        var video = SourceProbe.Parse("""{ "packets": [{ "pts": 0 }], "streams": [{ "codec_name": "h264", "width": 640, "height": 480, "has_b_frames": 2 }] }""", "b.mp4");

        Assert.True(video.ReordersFrames);
        Assert.True(video.CanBeCopied);
    }

    [Theory]
    [InlineData(90)]
    [InlineData(-90)]
    [InlineData(270)]
    public void Parse_QuarterTurnRotation_SizeAsDisplayed(int rotation)
    {
        var video = SourceProbe.Parse($$"""{ "packets": [{ "pts": 0 }], "streams": [{ "codec_name": "h264", "width": 1920, "height": 1080, "side_data_list": [{ "rotation": {{rotation}} }] }] }""", "phone.mp4");

        Assert.Equal((1080, 1920, true), (video.Width, video.Height, video.Rotated));
        Assert.False(video.CanBeCopied);
    }

    [Theory]
    [InlineData("h264", true)]
    [InlineData("hevc", true)]
    [InlineData("mjpeg", false)]
    [InlineData("mpeg4", false)]
    public void CanBeCopied_TimedStream_OnlyH264AndHevc(string codec, bool copied)
    {
        Assert.Equal(copied, new SourceVideo(codec, 640, 480, HasTimestamps: true).CanBeCopied);
    }
}
