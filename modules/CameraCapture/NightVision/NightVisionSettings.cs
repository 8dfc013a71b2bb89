using EdgeCam.Edge.Twin;
using EdgeCam.Hardware.LightSensors;

namespace EdgeCam.CameraCapture.NightVision;

/// <summary>How day/night is decided.</summary>
public enum NightVisionControl
{
    /// <summary>From the light sensor, or from frame brightness when there is none.</summary>
    Auto,

    /// <summary>Always day (IR-cut filter in, LEDs off).</summary>
    Day,

    /// <summary>Always night (filter out, LEDs on).</summary>
    Night,

    /// <summary>Night from sunset to sunrise at <see cref="NightVisionSettings.Latitude"/>/<see cref="NightVisionSettings.Longitude"/>.</summary>
    Schedule,
}

/// <summary>The GPIO lines and light sensor of the board (a change re-opens the hardware, not the capture).</summary>
public sealed record NightVisionHardware
{
    /// <summary>GPIO chip by label (<c>pinctrl-bcm2711</c>, <c>pinctrl-rp1</c>), name or path; empty: no GPIO.</summary>
    public string GpioChip { get; init; } = string.Empty;

    /// <summary>Line (BCM GPIO number) of the IR-cut filter, -1 for none.</summary>
    public int IrCutLine { get; init; } = -1;

    public bool IrCutActiveLow { get; init; }

    /// <summary>Line of the IR LED driver, -1 for none.</summary>
    public int IrLedLine { get; init; } = -1;

    public bool IrLedActiveLow { get; init; }

    public LightSensorModel Sensor { get; init; } = LightSensorModel.None;

    /// <summary>I2C bus number: <c>/dev/i2c-N</c> (1 on a Pi's header).</summary>
    public int SensorBus { get; init; } = 1;

    /// <summary>7-bit address; 0 = the model's default (BH1750 0x23, VEML7700 0x10).</summary>
    public int SensorAddress { get; init; }
}

/// <summary>Night-vision settings: twin section <c>nightVision</c> (see README for the table and the defaults' reasons).</summary>
public sealed record NightVisionSettings
{
    public NightVisionControl Mode { get; init; } = NightVisionControl.Auto;

    /// <summary>Sensor: switch to night below this many lux.</summary>
    public double NightLux { get; init; } = 3;

    /// <summary>Sensor: switch back to day above this many lux.</summary>
    public double DayLux { get; init; } = 10;

    /// <summary>No sensor: switch to night below this mean luma (0–255) of the analysis frame.</summary>
    public double NightBrightness { get; init; } = 35;

    /// <summary>No sensor: switch back to day when the ambient estimate (brightness minus the IR lift) exceeds this.</summary>
    public double DayBrightness { get; init; } = 70;

    /// <summary>How long a condition must hold before a switch.</summary>
    public TimeSpan Dwell { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After a switch, no decisions while the filter moves and exposure settles; then the IR lift is measured.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A switch that undoes the previous one within this window doubles the dwell (up to 64×).</summary>
    public TimeSpan FlapWindow { get; init; } = TimeSpan.FromMinutes(5);

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public NightVisionHardware Hardware { get; init; } = new();

    /// <summary>Reads section <c>nightVision</c>; records every invalid property in <paramref name="reader"/>.</summary>
    public static NightVisionSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var d = new NightVisionSettings();
        var h = new NightVisionHardware();
        var mode = reader.GetEnum("mode", d.Mode);
        var nightLux = reader.GetDouble("nightLux", d.NightLux, 0, 10_000);
        var dayLux = reader.GetDouble("dayLux", d.DayLux, 0, 100_000);
        var nightBrightness = reader.GetDouble("nightBrightness", d.NightBrightness, 0, 255);
        var dayBrightness = reader.GetDouble("dayBrightness", d.DayBrightness, 0, 255);
        if (dayLux <= nightLux)
        {
            reader.AddError("dayLux", $"must be greater than nightLux ({nightLux}) so that the two thresholds leave a dead band, got {dayLux}");
        }

        if (dayBrightness <= nightBrightness)
        {
            reader.AddError("dayBrightness", $"must be greater than nightBrightness ({nightBrightness}), got {dayBrightness}");
        }

        double? latitude = reader.GetOptionalDouble("latitude", -90, 90);
        double? longitude = reader.GetOptionalDouble("longitude", -180, 180);
        if (mode == NightVisionControl.Schedule && (latitude is null || longitude is null))
        {
            reader.AddError(latitude is null ? "latitude" : "longitude", "is required when mode is schedule (sunrise/sunset)");
        }

        var gpioChip = reader.GetString("gpioChip", h.GpioChip, allowEmpty: true).Trim();
        var irCutLine = reader.GetInt32("irCutLine", h.IrCutLine, -1, 511);
        var irLedLine = reader.GetInt32("irLedLine", h.IrLedLine, -1, 511);
        if (gpioChip.Length == 0 && (irCutLine >= 0 || irLedLine >= 0))
        {
            reader.AddError("gpioChip", "is required when irCutLine or irLedLine is set (pinctrl-bcm2711 on a Pi 4, pinctrl-rp1 on a Pi 5)");
        }

        if (irCutLine >= 0 && irCutLine == irLedLine)
        {
            reader.AddError("irLedLine", $"must differ from irCutLine ({irCutLine})");
        }

        var sensor = reader.GetEnum("sensor", h.Sensor);
        var address = reader.GetInt32("sensorAddress", h.SensorAddress, 0, 0x77);
        return new NightVisionSettings
        {
            Mode = mode,
            NightLux = nightLux,
            DayLux = dayLux,
            NightBrightness = nightBrightness,
            DayBrightness = dayBrightness,
            Dwell = reader.GetSeconds("dwellSeconds", d.Dwell, TimeSpan.Zero, TimeSpan.FromSeconds(600)),
            Settle = reader.GetSeconds("settleSeconds", d.Settle, TimeSpan.Zero, TimeSpan.FromSeconds(60)),
            FlapWindow = reader.GetSeconds("flapWindowSeconds", d.FlapWindow, TimeSpan.Zero, TimeSpan.FromSeconds(3600)),
            Latitude = latitude,
            Longitude = longitude,
            Hardware = new NightVisionHardware
            {
                GpioChip = gpioChip,
                IrCutLine = irCutLine,
                IrCutActiveLow = reader.GetBoolean("irCutActiveLow", h.IrCutActiveLow),
                IrLedLine = irLedLine,
                IrLedActiveLow = reader.GetBoolean("irLedActiveLow", h.IrLedActiveLow),
                Sensor = sensor,
                SensorBus = reader.GetInt32("sensorBus", h.SensorBus, 0, 255),
                SensorAddress = address == 0 ? LightSensorFactory.DefaultAddress(sensor) : address,
            },
        };
    }
}
