using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.NightVision;
using EdgeCam.Edge.Twin;
using EdgeCam.Hardware.LightSensors;

namespace EdgeCam.CameraCapture.Tests.NightVision;

public sealed class NightVisionSettingsTests
{
    [Theory]
    [InlineData("""{ "nightVision": { "nightLux": 10, "dayLux": 5 } }""", "nightVision.dayLux")]
    [InlineData("""{ "nightVision": { "mode": "schedule", "latitude": 51.5 } }""", "nightVision.longitude")]
    [InlineData("""{ "nightVision": { "irCutLine": 26 } }""", "nightVision.gpioChip")]
    [InlineData("""{ "nightVision": { "sensor": "tsl2561" } }""", "nightVision.sensor")]
    [InlineData("""{ "snapshots": { "quality": 1 } }""", "snapshots.quality")]
    [InlineData("""{ "camera": { "width": 641, "height": 480 } }""", "camera.width")]
    public void Read_InvalidSection_ErrorNamesTheProperty(string json, string property)
    {
        var desired = JsonNode.Parse(json)!.AsObject();
        desired["source"] = "/dev/video0";

        var ex = Assert.Throws<SettingsValidationException>(() => SettingsReader.Parse(desired, r => CameraCaptureSettings.Read(r, "CameraCapture")));

        Assert.Contains(property, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Bh1750WithoutAddress_TakesModelDefaultAndIsLiveOnlyChange()
    {
        var before = SettingsReader.Parse(JsonNode.Parse("""{ "source": "libcamera" }""")!.AsObject(), r => CameraCaptureSettings.Read(r, "Cam"));

        var after = SettingsReader.Parse(
            JsonNode.Parse("""{ "source": "libcamera", "nightVision": { "sensor": "bh1750", "gpioChip": "pinctrl-rp1", "irLedLine": 19 }, "snapshots": { "enabled": false } }""")!.AsObject(),
            r => CameraCaptureSettings.Read(r, "Cam"));

        Assert.Equal((LightSensorModel.Bh1750, 0x23, 19), (after.NightVision.Hardware.Sensor, after.NightVision.Hardware.SensorAddress, after.NightVision.Hardware.IrLedLine));
        Assert.True(after.DiffersOnlyLive(before));
        Assert.False((after with { Source = "/dev/video0" }).DiffersOnlyLive(before));
    }
}
