using EdgeCam.CameraCapture.NightVision;
using EdgeCam.Edge.Diagnostics;
using EdgeCam.Hardware.LightSensors;

namespace EdgeCam.CameraCapture.Diagnostics;

/// <summary>
/// Checks the night-vision settings fit together, beyond what the twin's validation rejects: a sensor address the model
/// does not have, an IR line on the light sensor's I2C pins, lux thresholds tuned or an address set with no sensor, a mode
/// that switches nothing or never reads the sensor. Fails on what cannot work, warns on what does nothing; one line
/// (the most serious issue, and how many others).
/// </summary>
public sealed class NightVisionConfigurationCheck : IDeviceCheck
{
    /// <summary>SDA and SCL of I2C bus 1 on a Raspberry Pi header (GPIO 2 and 3, pins 3 and 5).</summary>
    private static readonly int[] HeaderI2cLines = [2, 3];

    /// <summary>The thresholds only a light sensor uses.</summary>
    private static readonly string[] LuxSettings = ["nightLux", "dayLux"];

    private readonly NightVisionConfiguration? _configuration;

    /// <param name="configuration">The settings to check; null when none were given (the line says how to give them).</param>
    public NightVisionConfigurationCheck(NightVisionConfiguration? configuration)
    {
        _configuration = configuration;
    }

    /// <inheritdoc />
    public string Name => "night-vision";

    /// <inheritdoc />
    public Task<CheckResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(Check());

    private CheckResult Check()
    {
        if (_configuration is null)
        {
            return CheckResult.Warn(Name, "not checked: no settings given; pass --settings <file> with CameraCapture's desired properties (az iot hub module-twin show --module-id CameraCapture …) to check the IR lines and the light sensor.");
        }

        if (_configuration.Settings is not { } settings)
        {
            return CheckResult.Fail(Name, _configuration.Problem ?? $"the settings in {_configuration.Origin} do not parse.");
        }

        var failures = Failures(settings).ToList();
        var warnings = Warnings(settings, _configuration).ToList();
        var others = failures.Count + warnings.Count - 1;
        var more = others > 0 ? $" ({others} more: run doctor again after fixing this)" : string.Empty;
        return failures.Count > 0 ? CheckResult.Fail(Name, failures[0] + more)
            : warnings.Count > 0 ? CheckResult.Warn(Name, warnings[0] + more)
            : CheckResult.Ok(Name, Summary(settings));
    }

    private static IEnumerable<string> Failures(NightVisionSettings settings)
    {
        var h = settings.Hardware;
        if (h.Sensor != LightSensorModel.None && ModelAddresses(h.Sensor) is var addresses && !addresses.Contains(h.SensorAddress))
        {
            yield return $"nightVision.sensorAddress 0x{h.SensorAddress:X2} is not an address a {Model(h.Sensor)} has ({string.Join(" or ", addresses.Select(a => $"0x{a:X2}"))}); fix the address or the sensor model.";
        }

        if (h.Sensor != LightSensorModel.None && h.SensorBus == 1 && h.GpioChip.StartsWith("pinctrl-", StringComparison.Ordinal))
        {
            foreach (var (name, line) in new[] { ("irCutLine", h.IrCutLine), ("irLedLine", h.IrLedLine) })
            {
                if (HeaderI2cLines.Contains(line))
                {
                    yield return $"nightVision.{name} {line} is {(line == 2 ? "SDA" : "SCL")} of I2C bus 1, where the light sensor is; wire the part to another GPIO (EdgeCam's wiring: IR-cut 26, IR LEDs 19).";
                }
            }
        }
    }

    private static IEnumerable<string> Warnings(NightVisionSettings settings, NightVisionConfiguration configuration)
    {
        var h = settings.Hardware;
        if (h.Sensor == LightSensorModel.None)
        {
            // Tuned away from the defaults (a template lists every setting with its default): the operator expects an effect.
            var defaults = new NightVisionSettings();
            var luxSet = LuxSettings.Where(n => n == "nightLux" ? settings.NightLux != defaults.NightLux : settings.DayLux != defaults.DayLux).ToList();
            if (luxSet.Count > 0 && settings.Mode == NightVisionControl.Auto)
            {
                yield return $"{string.Join(" and ", luxSet.Select(n => "nightVision." + n))} changed but no light sensor is configured, so auto mode ignores them and uses frame brightness (nightBrightness, dayBrightness); set nightVision.sensor or remove them.";
            }

            if (configuration.Section.ContainsKey("sensorAddress") && h.SensorAddress != 0)
            {
                yield return "nightVision.sensorAddress is set but nightVision.sensor is none, so no sensor is read; set the sensor model (bh1750, veml7700).";
            }
        }
        else if (settings.Mode is not NightVisionControl.Auto)
        {
            yield return $"a {Model(h.Sensor)} is configured but mode {settings.Mode.ToString().ToLowerInvariant()} never reads it; use mode auto to switch on the measured light.";
        }

        if (settings.Mode is not NightVisionControl.Day && h.IrCutLine < 0 && h.IrLedLine < 0)
        {
            yield return $"mode {settings.Mode.ToString().ToLowerInvariant()} decides day and night but neither irCutLine nor irLedLine is set, so nothing switches; set gpioChip and the lines (EdgeCam's wiring: 26 and 19), or mode day on a board without IR.";
        }

        if (h.GpioChip.Length > 0 && h.IrCutLine < 0 && h.IrLedLine < 0)
        {
            yield return $"nightVision.gpioChip is {h.GpioChip} but no line is set on it; set irCutLine and irLedLine, or clear gpioChip.";
        }
    }

    private static string Model(LightSensorModel model) => model.ToString().ToUpperInvariant();

    private static int[] ModelAddresses(LightSensorModel model) => model switch
    {
        LightSensorModel.Bh1750 => [0x23, 0x5C], // ADDR low, ADDR high (BH1750FVI datasheet p. 10)
        _ => [LightSensorFactory.DefaultAddress(model)], // the VEML7700 has one address
    };

    private static string Summary(NightVisionSettings settings)
    {
        var h = settings.Hardware;
        var light = h.Sensor == LightSensorModel.None ? "frame brightness" : $"a {Model(h.Sensor)} at 0x{h.SensorAddress:X2} on I2C bus {h.SensorBus}";
        var lines = new List<string>();
        if (h.IrCutLine >= 0)
        {
            lines.Add($"IR-cut line {h.IrCutLine}");
        }

        if (h.IrLedLine >= 0)
        {
            lines.Add($"IR LED line {h.IrLedLine}");
        }

        var gpio = lines.Count == 0 ? "no IR lines" : $"{string.Join(", ", lines)} on {h.GpioChip}";
        return $"mode {settings.Mode.ToString().ToLowerInvariant()}, light from {light}, {gpio}.";
    }
}
