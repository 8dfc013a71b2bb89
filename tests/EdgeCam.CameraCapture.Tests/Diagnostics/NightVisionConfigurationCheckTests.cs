using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.Diagnostics;
using EdgeCam.Edge.Diagnostics;

namespace EdgeCam.CameraCapture.Tests.Diagnostics;

[Trait("Category", "Unit")]
public sealed class NightVisionConfigurationCheckTests
{
    [Theory]
    [InlineData("""{"sensor":"bh1750","sensorAddress":64,"gpioChip":"pinctrl-bcm2711","irCutLine":26}""", "nightVision.sensorAddress 0x40 is not an address a BH1750 has (0x23 or 0x5C); fix the address or the sensor model.")]
    [InlineData("""{"sensor":"veml7700","sensorAddress":35,"gpioChip":"pinctrl-bcm2711","irLedLine":19}""", "nightVision.sensorAddress 0x23 is not an address a VEML7700 has (0x10); fix the address or the sensor model.")]
    [InlineData("""{"sensor":"bh1750","gpioChip":"pinctrl-bcm2711","irCutLine":26,"irLedLine":2}""", "nightVision.irLedLine 2 is SDA of I2C bus 1, where the light sensor is; wire the part to another GPIO (EdgeCam's wiring: IR-cut 26, IR LEDs 19).")]
    public async Task RunAsync_SettingsThatCannotWork_FailsNamingTheSetting(string nightVision, string expected)
    {
        var result = await Check(nightVision).RunAsync(CancellationToken.None);

        Assert.Equal(new CheckResult("night-vision", CheckStatus.Fail, expected), result);
    }

    [Theory]
    [InlineData("""{"nightLux":2,"dayLux":8,"gpioChip":"pinctrl-bcm2711","irCutLine":26}""", "nightVision.nightLux and nightVision.dayLux changed but no light sensor is configured, so auto mode ignores them")]
    [InlineData("""{"mode":"schedule","latitude":52,"longitude":4,"sensor":"bh1750","gpioChip":"pinctrl-bcm2711","irCutLine":26}""", "a BH1750 is configured but mode schedule never reads it")]
    [InlineData("""{"mode":"auto"}""", "mode auto decides day and night but neither irCutLine nor irLedLine is set, so nothing switches")]
    [InlineData("""{"mode":"day","sensorAddress":35}""", "nightVision.sensorAddress is set but nightVision.sensor is none")]
    public async Task RunAsync_SettingsThatDoNothing_WarnsSayingWhy(string nightVision, string expectedStart)
    {
        var result = await Check(nightVision).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.StartsWith(expectedStart, result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LuxThresholdsAtTheirDefaultsWithoutSensor_NoWarning()
    {
        // The deployment template lists every setting with its default; that is no sign the operator expects a sensor.
        var result = await Check("""{"nightLux":3,"dayLux":10,"sensor":"none","sensorAddress":0,"gpioChip":"pinctrl-bcm2711","irCutLine":26}""").RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Ok, result.Status);
    }

    [Fact]
    public async Task RunAsync_SeveralIssues_OneLineWithTheWorstAndHowManyMore()
    {
        var result = await Check("""{"sensor":"bh1750","sensorAddress":64,"mode":"night"}""").RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.EndsWith("(2 more: run doctor again after fixing this)", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConsistentWiring_OkSummarisingIt()
    {
        var result = await Check("""{"sensor":"bh1750","gpioChip":"pinctrl-bcm2711","irCutLine":26,"irLedLine":19}""").RunAsync(CancellationToken.None);

        Assert.Equal(new CheckResult("night-vision", CheckStatus.Ok, "mode auto, light from a BH1750 at 0x23 on I2C bus 1, IR-cut line 26, IR LED line 19 on pinctrl-bcm2711."), result);
    }

    [Fact]
    public async Task RunAsync_SectionTheTwinWouldReject_FailsWithTheValidationMessage()
    {
        var result = await Check("""{"irCutLine":26,"irLedLine":26}""").RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("irLedLine must differ from irCutLine (26)", result.Line, StringComparison.Ordinal);
        Assert.EndsWith("(test); fix it in CameraCapture's desired properties: the module answers 400 and keeps its previous settings.", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoSettingsGiven_WarnsHowToGiveThem()
    {
        var result = await new NightVisionConfigurationCheck(null).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.StartsWith("not checked: no settings given; pass --settings <file>", result.Line, StringComparison.Ordinal);
    }

    private static NightVisionConfigurationCheck Check(string nightVision) =>
        new(NightVisionConfiguration.FromDesired(new JsonObject { ["nightVision"] = JsonNode.Parse(nightVision) }, "test"));
}
