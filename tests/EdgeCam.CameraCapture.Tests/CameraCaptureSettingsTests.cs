using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;
using EdgeCam.Media.Capture;
using EdgeCam.Testing.Hub;

namespace EdgeCam.CameraCapture.Tests;

[Trait("Category", "Unit")]
public sealed class CameraCaptureSettingsTests
{
    [Fact]
    public void Read_OnlySource_DefaultsAndCameraIdFromModuleId()
    {
        var settings = Parse(Json("""{ "source": "/dev/video0", "$version": 3 }"""), "FrontDoor");

        Assert.Equal("FrontDoor", settings.CameraId);
        Assert.Equal(CaptureSourceKind.Device, settings.CaptureSource.Kind);
        Assert.Equal(TimeSpan.FromSeconds(4), settings.SegmentDuration);
        Assert.Equal((320, 180, 5.0), (settings.AnalysisWidth, settings.AnalysisHeight, settings.AnalysisFramesPerSecond));
        Assert.Equal(30, settings.Detector.Threshold);
        Assert.Equal(3, settings.Events.StartFrames);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Events.EventGap);
    }

    [Fact]
    public void Read_AllProperties_Applied()
    {
        var json = Json("""
            { "cameraId": "garage", "source": "/x.mp4", "realtime": false, "loop": true, "segmentSeconds": 2,
              "analysisWidth": 160, "analysisHeight": 90, "analysisFps": 10,
              "motion": { "threshold": 40, "minArea": 0.01, "startFrames": 5, "eventGapSeconds": 3, "maxEventSeconds": 60, "backgroundAlpha": 0.1 } }
            """);

        var settings = Parse(json);

        Assert.Equal("garage", settings.CameraId);
        Assert.False(settings.CaptureSource.IsLive);
        Assert.True(settings.Loop);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.SegmentDuration);
        Assert.Equal((40, 0.01, 0.1), (settings.Detector.Threshold, settings.Detector.MinArea, settings.Detector.BackgroundAlpha));
        Assert.Equal((5, TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(1)), (settings.Events.StartFrames, settings.Events.EventGap, settings.Events.MaxEventLength));
    }

    [Theory]
    [InlineData("""{ }""", "source")]
    [InlineData("""{ "source": 5 }""", "source")]
    [InlineData("""{ "source": "  " }""", "source")]
    [InlineData("""{ "source": "/a.mp4", "realtime": "yes" }""", "realtime")]
    [InlineData("""{ "source": "/a.mp4", "segmentSeconds": 0.5 }""", "segmentSeconds")]
    [InlineData("""{ "source": "/a.mp4", "analysisWidth": 321 }""", "analysisWidth")]
    [InlineData("""{ "source": "/a.mp4", "cameraId": "../etc" }""", "cameraId")]
    [InlineData("""{ "source": "/a.mp4", "motion": 3 }""", "motion")]
    [InlineData("""{ "source": "/a.mp4", "motion": { "threshold": 300 } }""", "motion.threshold")]
    [InlineData("""{ "source": "/a.mp4", "motion": { "startFrames": 2.5 } }""", "motion.startFrames")]
    [InlineData("""{ "source": "/a.mp4", "motion": { "minArea": -0.1 } }""", "motion.minArea")]
    [InlineData("""{ "source": "/a.mp4", "timelapse": { "intervalSeconds": 0 } }""", "timelapse.intervalSeconds")]
    [InlineData("""{ "source": "/a.mp4", "timelapse": { "intervalSeconds": 1.5 } }""", "timelapse.intervalSeconds")]
    [InlineData("""{ "source": "/a.mp4", "timelapse": { "width": 641 } }""", "timelapse.width")]
    [InlineData("""{ "source": "/a.mp4", "timelapse": { "keepDays": 0 } }""", "timelapse.keepDays")]
    [InlineData("""{ "source": "rtsp://cam/main", "analysisSource": "libcamera" }""", "analysisSource")]
    [InlineData("""{ "source": "rtsp://cam/main", "analysisSource": "/dev/video0" }""", "analysisSource")]
    public void Read_InvalidProperty_RecordsOneErrorNamingIt(string json, string property)
    {
        var ex = Assert.Throws<SettingsValidationException>(() => Parse(Json(json)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(property, error.Path);
        Assert.StartsWith($"{property} ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SubStreamAsAnalysisSource_ParsedAsRtspAndNoneByDefault()
    {
        var withSub = Parse(Json("""{ "source": "rtsp://cam/main", "analysisSource": " rtsp://cam/sub " }"""));
        var without = Parse(Json("""{ "source": "rtsp://cam/main" }"""));

        Assert.Equal(new CaptureSource(CaptureSourceKind.Rtsp, "rtsp://cam/sub"), withSub.AnalysisCaptureSource);
        Assert.Null(without.AnalysisCaptureSource);
        Assert.False(withSub.DiffersOnlyLive(without));
    }

    [Fact]
    public void Read_SeveralInvalidProperties_NamesEachOne()
    {
        var ex = Assert.Throws<SettingsValidationException>(() => Parse(Json("""{ "analysisHeight": 91, "motion": { "threshold": 0 } }""")));

        Assert.Equal(["source", "analysisHeight", "motion.threshold"], ex.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Read_NodesBuiltInProcessWithIntegers_ReadAsNumbers()
    {
        var desired = new JsonObject { ["source"] = "/a.mp4", ["segmentSeconds"] = 2, ["realtime"] = false, ["motion"] = new JsonObject { ["minArea"] = 0 } };

        var settings = Parse(desired);

        Assert.Equal(TimeSpan.FromSeconds(2), settings.SegmentDuration);
        Assert.False(settings.Realtime);
        Assert.Equal(0, settings.Detector.MinArea);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.2")]
    public async Task Binding_SchemaVersionOneX_Reports200(string schemaVersion)
    {
        await DesiredStatusProbe.AssertSchemaVersionAppliedAsync("CameraCapture", reader => CameraCaptureSettings.Read(reader, "CameraCapture"), new JsonObject { ["source"] = "/dev/video0" }, schemaVersion);
    }

    [Fact]
    public async Task Binding_SchemaVersionTwo_Reports400NamingIt()
    {
        await DesiredStatusProbe.AssertSchemaVersionTwoRejectedAsync("CameraCapture", reader => CameraCaptureSettings.Read(reader, "CameraCapture"), new JsonObject { ["source"] = "/dev/video0" });
    }

    [Fact]
    public async Task Binding_UnknownProperty_Reports400NamingIt()
    {
        var desired = new JsonObject { ["source"] = "/dev/video0" };
        desired["motion"] = new JsonObject { ["treshold"] = 20 };

        await DesiredStatusProbe.AssertUnknownPropertyRejectedAsync("CameraCapture", reader => CameraCaptureSettings.Read(reader, "CameraCapture"), desired, "motion.treshold");
    }

    [Fact]
    public void Read_Timelapse_AppliedAndOnlyItChangedAppliesLive()
    {
        var before = Parse(Json("""{ "source": "/a.mp4" }"""));

        var after = Parse(Json("""{ "source": "/a.mp4", "timelapse": { "enabled": true, "intervalSeconds": 5, "fps": 30, "width": 1280, "keepDays": 2 } }"""));

        Assert.False(before.Timelapse.Enabled);
        Assert.Equal((true, TimeSpan.FromSeconds(5), 30, 1280, 2), (after.Timelapse.Enabled, after.Timelapse.Interval, after.Timelapse.FramesPerSecond, after.Timelapse.Width, after.Timelapse.KeepDays));
        Assert.True(after.DiffersOnlyLive(before));
    }

    [Theory]
    [InlineData("auto", SegmentEncoder.Auto)]
    [InlineData("x264", SegmentEncoder.X264)]
    [InlineData("v4l2m2m", SegmentEncoder.V4l2m2m)]
    public void Read_CameraEncoder_Applied(string value, SegmentEncoder expected)
    {
        var settings = Parse(new JsonObject { ["source"] = "/dev/video0", ["camera"] = new JsonObject { ["encoder"] = value } });

        Assert.Equal(expected, settings.Camera.Encoder);
    }

    [Fact]
    public void Read_UnknownCameraEncoder_ErrorNamesIt()
    {
        var ex = Assert.Throws<SettingsValidationException>(() => Parse(Json("""{ "source": "/dev/video0", "camera": { "encoder": "nvenc" } }""")));

        Assert.StartsWith("camera.encoder must be one of", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadWithDefaultsForInvalid_InvalidOptionalProperties_TheirDefaultsTheRestKept()
    {
        var settings = CameraCaptureSettings.ReadWithDefaultsForInvalid(Json("""{ "source": "/x.mp4", "cameraId": ".bad", "segmentSeconds": 2, "motion": { "threshold": 300 } }"""), "Porch");

        Assert.NotNull(settings);
        Assert.Equal(("Porch", "/x.mp4", 30), (settings.CameraId, settings.Source, settings.Detector.Threshold));
        Assert.Equal(TimeSpan.FromSeconds(2), settings.SegmentDuration);
    }

    [Theory]
    [InlineData("""{ "motion": { "threshold": 300 } }""")]
    [InlineData("""{ "source": 5 }""")]
    [InlineData("""{ "source": "/x.mp4", "schemaVersion": "2.0" }""")]
    public void ReadWithDefaultsForInvalid_NoUsableSource_Null(string json)
    {
        Assert.Null(CameraCaptureSettings.ReadWithDefaultsForInvalid(Json(json), "Porch"));
    }

    private static CameraCaptureSettings Parse(JsonObject desired, string moduleId = "CameraCapture") =>
        SettingsReader.Parse(desired, reader => CameraCaptureSettings.Read(reader, moduleId));

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
