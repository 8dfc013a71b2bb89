using EdgeCam.Edge.Twin;

namespace EdgeCam.SegmentRecorder.Footage;

/// <summary>
/// The continuous footage tier (twin section <c>footage</c>): off by default; when on, the continuous segments of each
/// camera are joined without re-encoding into files of <see cref="FileSeconds"/> and handed to BlobBuffer.
/// </summary>
public sealed record FootageSettings
{
    public const string SectionName = "footage";
    public const string EnabledName = "enabled";
    public const string FileSecondsName = "fileSeconds";
    public const string CamerasName = "cameras";

    /// <summary>The defaults.</summary>
    public static FootageSettings Default { get; } = new();

    /// <summary>Whether footage files are made at all. Default false: continuous upload costs bandwidth and storage.</summary>
    public bool Enabled { get; init; }

    /// <summary>Length of one footage file. 10..3600 s, default 60 (what the continuous recorders EdgeCam learned from use).</summary>
    public double FileSeconds { get; init; } = 60;

    /// <summary>Comma-separated camera ids the tier covers; empty (the default) covers every camera.</summary>
    public string Cameras { get; init; } = string.Empty;

    /// <summary>True when footage of <paramref name="cameraId"/> is made.</summary>
    public bool Covers(string cameraId) =>
        Enabled && (Cameras.Length == 0 || Cameras.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(cameraId, StringComparer.Ordinal));

    /// <summary>Reads the section through <paramref name="footage"/> (from <c>reader.GetSection("footage")</c>).</summary>
    public static FootageSettings Read(SettingsReader footage)
    {
        ArgumentNullException.ThrowIfNull(footage);
        var d = Default;
        return new FootageSettings
        {
            Enabled = footage.GetBoolean(EnabledName, d.Enabled),
            FileSeconds = footage.GetDouble(FileSecondsName, d.FileSeconds, 10, 3600),
            Cameras = footage.GetString(CamerasName, d.Cameras, allowEmpty: true),
        };
    }
}
