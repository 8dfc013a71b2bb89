using EdgeCam.Edge.Twin;

namespace EdgeCam.CameraCapture.Timelapse;

/// <summary>Daily time-lapse settings: twin section <c>timelapse</c>. All apply live (the capture process is not involved).</summary>
public sealed record TimelapseSettings
{
    /// <summary>
    /// Keep a frame every <see cref="Interval"/> and make a video of each UTC day. Off by default: it uploads a video a
    /// day per camera and keeps up to a day of JPEGs on the volume, which the owner should choose.
    /// </summary>
    public bool Enabled { get; init; }

    /// <summary>Time between two kept frames, whole seconds (frames are named by their second): 60 s gives 1,440 frames a day, about a minute of video at 25 fps.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Frames per second of the video.</summary>
    public int FramesPerSecond { get; init; } = 25;

    /// <summary>Width of the video (the height keeps the camera's shape): 640 keeps a day's encode to seconds on a Pi.</summary>
    public int Width { get; init; } = 640;

    /// <summary>Days a made video stays on the volume (BlobBuffer holds its own link until the upload); also how long the frames of a day that cannot be made are kept.</summary>
    public int KeepDays { get; init; } = 7;

    public static TimelapseSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var d = new TimelapseSettings();
        var width = reader.GetInt32("width", d.Width, 160, 1920);
        if (width % 2 != 0)
        {
            reader.AddError("width", "must be even");
        }

        return new TimelapseSettings
        {
            Enabled = reader.GetBoolean("enabled", d.Enabled),
            Interval = TimeSpan.FromSeconds(reader.GetInt32("intervalSeconds", (int)d.Interval.TotalSeconds, 1, 3600)),
            FramesPerSecond = reader.GetInt32("fps", d.FramesPerSecond, 1, 60),
            Width = width,
            KeepDays = reader.GetInt32("keepDays", d.KeepDays, 1, 365),
        };
    }
}
