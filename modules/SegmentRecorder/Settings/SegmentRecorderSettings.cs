using System.Globalization;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;
using EdgeCam.SegmentRecorder.Footage;

namespace EdgeCam.SegmentRecorder.Settings;

/// <summary>
/// The module's twin desired properties, validated. Defaults follow what NVRs ship (Frigate: 5 s pre- and post-capture)
/// and what fits a Pi's SD card; the README explains each.
/// </summary>
public sealed record SegmentRecorderSettings
{
    public const string PreRollSecondsName = "preRollSeconds";
    public const string PostRollSecondsName = "postRollSeconds";
    public const string MaxClipSecondsName = "maxClipSeconds";
    public const string RetentionMaxBytesName = "retentionMaxBytes";
    public const string RetentionMaxAgeHoursName = "retentionMaxAgeHours";
    public const string ClipTimeoutSecondsName = "clipTimeoutSeconds";
    public const string ClipRetentionHoursName = "clipRetentionHours";
    public const string MinFreeBytesName = "minFreeBytes";
    public const string MinFreePercentName = "minFreePercent";

    /// <summary>The defaults.</summary>
    public static SegmentRecorderSettings Default { get; } = new();

    /// <summary>Footage before the event start. 0..60 s, default 5.</summary>
    public double PreRollSeconds { get; init; } = 5;

    /// <summary>Footage after the event end. 0..60 s, default 5.</summary>
    public double PostRollSeconds { get; init; } = 5;

    /// <summary>The longest clip; longer events keep their start. 10..1800 s, more than the pre-roll; default 120.</summary>
    public double MaxClipSeconds { get; init; } = 120;

    /// <summary>Continuous footage and event clips kept on disk at most, all cameras together. 64 MiB..16 TiB, default 8 GiB.</summary>
    public long RetentionMaxBytes { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Continuous footage older than this is deleted. 0.1..8760 h, default 24.</summary>
    public double RetentionMaxAgeHours { get; init; } = 24;

    /// <summary>How long after event end + post-roll to wait for the covering segment before cutting what exists. 1..600 s, default 30.</summary>
    public double ClipTimeoutSeconds { get; init; } = 30;

    /// <summary>
    /// Event clips in <c>clips/</c> older than this are deleted (BlobBuffer keeps its own link until the upload is confirmed).
    /// 24..8760 h (never less than the day edgeHub may hold a clipReady), default 72.
    /// </summary>
    public double ClipRetentionHours { get; init; } = 72;

    /// <summary>Free space kept on the volume whatever the quotas say, in bytes. 0..1 TiB, default 1 GiB.</summary>
    public long MinFreeBytes { get; init; } = 1L * 1024 * 1024 * 1024;

    /// <summary>Free space kept on the volume, in per cent of its size (the larger floor applies). 0..50, default 5.</summary>
    public double MinFreePercent { get; init; } = 5;

    /// <summary>The continuous footage tier (section <c>footage</c>), off by default.</summary>
    public FootageSettings Footage { get; init; } = FootageSettings.Default;

    public TimeSpan PreRoll => TimeSpan.FromSeconds(PreRollSeconds);

    public TimeSpan PostRoll => TimeSpan.FromSeconds(PostRollSeconds);

    public TimeSpan MaxClipLength => TimeSpan.FromSeconds(MaxClipSeconds);

    public TimeSpan RetentionMaxAge => TimeSpan.FromHours(RetentionMaxAgeHours);

    public TimeSpan ClipTimeout => TimeSpan.FromSeconds(ClipTimeoutSeconds);

    public TimeSpan ClipRetention => TimeSpan.FromHours(ClipRetentionHours);

    /// <summary>The limits of a retention pass: the quotas and the free-space floor.</summary>
    public Retention.RetentionLimits RetentionLimits => new(RetentionMaxBytes, RetentionMaxAge, ClipRetention)
    {
        MinFreeBytes = MinFreeBytes,
        MinFreePercent = MinFreePercent,
    };

    /// <summary>Reads <paramref name="desired"/> with the policy every module shares (<see cref="SettingsReader.Parse{T}"/>).</summary>
    /// <exception cref="SettingsValidationException">A property is invalid or unknown; each error names it.</exception>
    public static SegmentRecorderSettings Parse(JsonObject desired) => SettingsReader.Parse(desired, Read);

    /// <summary>Reads the settings with <paramref name="reader"/>, which collects every invalid property (used by the twin binding).</summary>
    public static SegmentRecorderSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var d = Default;
        var settings = new SegmentRecorderSettings
        {
            PreRollSeconds = reader.GetDouble(PreRollSecondsName, d.PreRollSeconds, 0, 60),
            PostRollSeconds = reader.GetDouble(PostRollSecondsName, d.PostRollSeconds, 0, 60),
            MaxClipSeconds = reader.GetDouble(MaxClipSecondsName, d.MaxClipSeconds, 10, 1800),
            RetentionMaxBytes = reader.GetInt64(RetentionMaxBytesName, d.RetentionMaxBytes, 64L * 1024 * 1024, 16L * 1024 * 1024 * 1024 * 1024),
            RetentionMaxAgeHours = reader.GetDouble(RetentionMaxAgeHoursName, d.RetentionMaxAgeHours, 0.1, 8760),
            ClipTimeoutSeconds = reader.GetDouble(ClipTimeoutSecondsName, d.ClipTimeoutSeconds, 1, 600),
            ClipRetentionHours = reader.GetDouble(ClipRetentionHoursName, d.ClipRetentionHours, 24, 8760),
            MinFreeBytes = reader.GetInt64(MinFreeBytesName, d.MinFreeBytes, 0, 1L * 1024 * 1024 * 1024 * 1024),
            MinFreePercent = reader.GetDouble(MinFreePercentName, d.MinFreePercent, 0, 50),
            Footage = FootageSettings.Read(reader.GetSection(FootageSettings.SectionName)),
        };
        if (settings.MaxClipSeconds <= settings.PreRollSeconds)
        {
            reader.AddError(MaxClipSecondsName, string.Create(CultureInfo.InvariantCulture, $"({settings.MaxClipSeconds}) must be longer than {PreRollSecondsName} ({settings.PreRollSeconds}), or no clip could reach the event"));
        }

        return settings;
    }
}
