using EdgeCam.Edge.Twin;

namespace EdgeCam.CameraCapture.Snapshots;

/// <summary>Snapshot settings: twin section <c>snapshots</c>. All apply live except <see cref="Quality"/> (the capture process's own).</summary>
public sealed record SnapshotSettings
{
    /// <summary>Write a JPEG at each event start (the <c>snapshot</c> method works either way).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>JPEG quality of the colour frames on ffmpeg's <c>-q:v</c> scale, 2 (best, largest) to 31; the capture process encodes them, so a change restarts it.</summary>
    public int Quality { get; init; } = 4;

    /// <summary>Snapshots kept per camera; the oldest are deleted beyond this.</summary>
    public int MaxFiles { get; init; } = 1000;

    public static SnapshotSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var d = new SnapshotSettings();
        return new SnapshotSettings
        {
            Enabled = reader.GetBoolean("enabled", d.Enabled),
            Quality = reader.GetInt32("quality", d.Quality, 2, 31),
            MaxFiles = reader.GetInt32("maxFiles", d.MaxFiles, 1, 100_000),
        };
    }
}
