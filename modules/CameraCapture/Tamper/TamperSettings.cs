using EdgeCam.Edge.Twin;

namespace EdgeCam.CameraCapture.Tamper;

/// <summary>Tamper check settings: twin section <c>tamper</c>. All apply live.</summary>
public sealed record TamperSettings
{
    /// <summary>Check for a covered lens, a moved view or a defocused picture.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How often the check measures a frame (the frames between cost nothing).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a tamper must be seen before it is reported, and gone before its recovery is.</summary>
    public TimeSpan ConfirmDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A picture whose gray levels spread less than this (standard deviation) is covered. A lit scene spreads 30 to 60
    /// levels, a night scene under IR 15 to 30; a hand or tape over the lens 1 to 4.
    /// </summary>
    public double CoveredMaxSpread { get; init; } = 6;

    /// <summary>The coarse layout correlating less than this with the learned view is a moved view (the same view under other light stays above 0.8).</summary>
    public double MovedMinSimilarity { get; init; } = 0.5;

    /// <summary>Edge strength (relative to the picture's contrast) below this share of the learned view's is defocused.</summary>
    public double DefocusedMaxSharpness { get; init; } = 0.5;

    public static TamperSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var d = new TamperSettings();
        return new TamperSettings
        {
            Enabled = reader.GetBoolean("enabled", d.Enabled),
            CheckInterval = reader.GetSeconds("checkSeconds", d.CheckInterval, TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(60)),
            ConfirmDuration = reader.GetSeconds("confirmSeconds", d.ConfirmDuration, TimeSpan.Zero, TimeSpan.FromSeconds(600)),
            CoveredMaxSpread = reader.GetDouble("coveredMaxSpread", d.CoveredMaxSpread, 0, 64),
            MovedMinSimilarity = reader.GetDouble("movedMinSimilarity", d.MovedMinSimilarity, -1, 1),
            DefocusedMaxSharpness = reader.GetDouble("defocusedMaxSharpness", d.DefocusedMaxSharpness, 0, 1),
        };
    }
}
