using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;
using EdgeCam.SegmentRecorder.Settings;

namespace EdgeCam.SegmentRecorder.Tests.Footage;

[Trait("Category", "Unit")]
public sealed class FootageSettingsTests
{
    [Fact]
    public void Parse_NoFootageSection_IsOff()
    {
        var settings = SegmentRecorderSettings.Parse([]);

        Assert.False(settings.Footage.Enabled);
        Assert.Equal(60, settings.Footage.FileSeconds);
        Assert.False(settings.Footage.Covers("cam1"));
    }

    [Fact]
    public void Parse_FileSecondsOutOfRange_NamesTheProperty()
    {
        var ex = Assert.Throws<SettingsValidationException>(() => SegmentRecorderSettings.Parse(JsonNode.Parse("""{"footage": {"enabled": true, "fileSeconds": 5}}""")!.AsObject()));

        Assert.Contains("footage.fileSeconds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Covers_CameraList_CoversOnlyTheNamedCameras()
    {
        var settings = SegmentRecorderSettings.Parse(JsonNode.Parse("""{"footage": {"enabled": true, "cameras": "cam1, cam3"}}""")!.AsObject());

        Assert.Equal([true, false, true], new[] { "cam1", "cam2", "cam3" }.Select(settings.Footage.Covers));
    }
}
