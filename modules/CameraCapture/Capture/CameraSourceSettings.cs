using EdgeCam.Edge.Twin;
using EdgeCam.Media.Capture;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// How the camera itself is asked to capture: twin section <c>camera</c>. Used by V4L2 devices and libcamera (size,
/// rate, input format) and RTSP (timeout); the encoder serves every source that is not copied. A change restarts capture.
/// </summary>
public sealed record CameraSourceSettings
{
    /// <summary>V4L2 pixel format: <c>h264</c> is stream-copied; any other (<c>yuyv422</c>, <c>mjpeg</c>, …) is encoded with <see cref="Encoder"/>.</summary>
    public string InputFormat { get; init; } = "h264";

    /// <summary>
    /// The H.264 encoder for a source that cannot be stream-copied (MJPEG or raw webcams, MPEG-4 files…): <c>auto</c>
    /// (the Pi 4's hardware encoder when <c>/dev/video11</c> exists, else x264), <c>x264</c> or <c>v4l2m2m</c>.
    /// </summary>
    public SegmentEncoder Encoder { get; init; } = SegmentEncoder.Auto;

    /// <summary>Capture width (0: the camera's default; libcamera then uses its own).</summary>
    public int Width { get; init; } = 1280;

    /// <summary>Capture height (0 with <see cref="Width"/> 0).</summary>
    public int Height { get; init; } = 720;

    /// <summary>Capture frames per second.</summary>
    public double FramesPerSecond { get; init; } = 15;

    /// <summary>RTSP: how long connect and each read may take before the connection counts as dead.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static CameraSourceSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var d = new CameraSourceSettings();
        var format = reader.GetString("inputFormat", d.InputFormat).Trim().ToLowerInvariant();
        if (!format.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            reader.AddError("inputFormat", $"must be a V4L2 format name such as h264, yuyv422 or mjpeg, got '{format}'");
        }

        var width = reader.GetInt32("width", d.Width, 0, 4096);
        var height = reader.GetInt32("height", d.Height, 0, 4096);
        if ((width == 0) != (height == 0) || (width > 0 && (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0)))
        {
            reader.AddError("width", $"width and height must both be 0 (camera default) or even and at least 16, got {width}x{height}");
        }

        return new CameraSourceSettings
        {
            InputFormat = format,
            Encoder = reader.GetEnum("encoder", d.Encoder),
            Width = width,
            Height = height,
            FramesPerSecond = reader.GetDouble("fps", d.FramesPerSecond, 1, 120),
            NetworkTimeout = reader.GetSeconds("networkTimeoutSeconds", d.NetworkTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(120)),
        };
    }
}
