using EdgeCam.Edge.Twin;

namespace EdgeCam.Edge.Tests.Twin;

internal enum IrMode
{
    Auto,
    Day,
    Night,
}

/// <summary>A settings record shaped like a module's, read with <see cref="SettingsReader"/>.</summary>
internal sealed record SampleSettings(int Threshold, double MinArea, bool Enabled, string Name, TimeSpan PreRoll, IrMode Ir)
{
    public static SampleSettings Read(SettingsReader reader)
    {
        var motion = reader.GetSection("motion");
        return new SampleSettings(
            motion.GetInt32("threshold", 25, 1, 255),
            motion.GetDouble("minArea", 0.5, 0, 100),
            reader.GetBoolean("enabled", true),
            reader.GetString("name", "camera"),
            reader.GetSeconds("preRollSecs", TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromSeconds(60)),
            reader.GetEnum("ir", IrMode.Auto));
    }
}
