using System.Text.RegularExpressions;

namespace EdgeCam.Media.Capture;

/// <summary>What kind of source a camera reads.</summary>
public enum CaptureSourceKind
{
    /// <summary>A video file (tests, demos, replays).</summary>
    File,

    /// <summary>A network camera over RTSP (always TCP).</summary>
    Rtsp,

    /// <summary>A V4L2 device such as <c>/dev/video0</c> (H.264 passed through, or raw video encoded for the segments).</summary>
    Device,

    /// <summary>A Pi camera through libcamera: <c>rpicam-vid</c> (or the older <c>libcamera-vid</c>) pipes H.264 into ffmpeg.</summary>
    Libcamera,
}

/// <summary>A capture source: where the video comes from and how to read it.</summary>
/// <param name="Kind">File, RTSP or device.</param>
/// <param name="Location">The path or URL as configured (may hold credentials: log <see cref="DisplayName"/> instead).</param>
/// <param name="Realtime">For a file: read at its native rate (<c>-re</c>) like a camera; false = as fast as possible.</param>
/// <param name="Loop">For a file: start again at the end, forever.</param>
public sealed partial record CaptureSource(CaptureSourceKind Kind, string Location, bool Realtime = true, bool Loop = false)
{
    private const string LibcameraPrefix = "libcamera";

    /// <summary>
    /// True when frames keep coming whether or not anyone reads them (a camera, or a file played in real time):
    /// analysis must then drop frames rather than stall the recording.
    /// </summary>
    public bool IsLive => Kind != CaptureSourceKind.File || Realtime;

    /// <summary>True when the source ends by itself (a file played once).</summary>
    public bool IsFinite => Kind == CaptureSourceKind.File && !Loop;

    /// <summary>For <see cref="CaptureSourceKind.Libcamera"/>: the camera index (<c>libcamera:1</c> is 1), else 0.</summary>
    public int CameraIndex => Kind == CaptureSourceKind.Libcamera && Location.Length > LibcameraPrefix.Length
        ? int.Parse(Location.AsSpan(LibcameraPrefix.Length + 1), System.Globalization.CultureInfo.InvariantCulture)
        : 0;

    /// <summary>The location with its password (or user info without a user name) replaced by <c>***</c>: safe for logs and messages.</summary>
    public string DisplayName => Mask(Location);

    /// <summary>
    /// Interprets a configured source string: <c>rtsp://</c> or <c>rtsps://</c> URLs are RTSP, paths under <c>/dev/</c>
    /// are devices, <c>libcamera</c> or <c>libcamera:N</c> is Pi camera N (default 0), anything else is a file path.
    /// </summary>
    public static CaptureSource Parse(string source, bool realtime = true, bool loop = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var trimmed = source.Trim();
        if (trimmed.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase))
        {
            return new CaptureSource(CaptureSourceKind.Rtsp, trimmed);
        }

        if (trimmed == LibcameraPrefix || (trimmed.StartsWith(LibcameraPrefix + ":", StringComparison.Ordinal) && trimmed.Length > LibcameraPrefix.Length + 1 && trimmed[(LibcameraPrefix.Length + 1)..].All(char.IsAsciiDigit)))
        {
            return new CaptureSource(CaptureSourceKind.Libcamera, trimmed);
        }

        if (trimmed.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return new CaptureSource(CaptureSourceKind.Device, trimmed);
        }

        return new CaptureSource(CaptureSourceKind.File, trimmed, realtime, loop);
    }

    /// <summary>
    /// Masks the credentials of every URL in <paramref name="text"/>: <c>rtsp://user:pass@host</c> becomes
    /// <c>rtsp://user:***@host</c> (the user name helps find a wrong account), and user info without a colon (often a
    /// token) becomes <c>***</c>.
    /// </summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return UserInfo().Replace(text, m => m.Groups["user"].Success ? $"://{m.Groups["user"].Value}:***@" : "://***@");
    }

    public override string ToString() => $"{Kind} {DisplayName}";

    [GeneratedRegex(@"://(?:(?<user>[^/@:\s]*):)?[^/@\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
