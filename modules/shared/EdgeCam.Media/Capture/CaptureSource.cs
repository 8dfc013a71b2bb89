using System.Text.RegularExpressions;

namespace EdgeCam.Media.Capture;

/// <summary>What kind of source a camera reads.</summary>
public enum CaptureSourceKind
{
    /// <summary>A video file (tests, demos, replays).</summary>
    File,

    /// <summary>A network camera over RTSP (always TCP).</summary>
    Rtsp,

    /// <summary>A V4L2 device such as <c>/dev/video0</c> that delivers H.264.</summary>
    Device,
}

/// <summary>A capture source: where the video comes from and how to read it.</summary>
/// <param name="Kind">File, RTSP or device.</param>
/// <param name="Location">The path or URL as configured (may hold credentials: log <see cref="DisplayName"/> instead).</param>
/// <param name="Realtime">For a file: read at its native rate (<c>-re</c>) like a camera; false = as fast as possible.</param>
/// <param name="Loop">For a file: start again at the end, forever.</param>
public sealed partial record CaptureSource(CaptureSourceKind Kind, string Location, bool Realtime = true, bool Loop = false)
{
    /// <summary>
    /// True when frames keep coming whether or not anyone reads them (a camera, or a file played in real time):
    /// analysis must then drop frames rather than stall the recording.
    /// </summary>
    public bool IsLive => Kind != CaptureSourceKind.File || Realtime;

    /// <summary>True when the source ends by itself (a file played once).</summary>
    public bool IsFinite => Kind == CaptureSourceKind.File && !Loop;

    /// <summary>The location with any password or user info replaced by <c>***</c>: safe for logs and messages.</summary>
    public string DisplayName => Mask(Location);

    /// <summary>
    /// Interprets a configured source string: <c>rtsp://</c> or <c>rtsps://</c> URLs are RTSP, paths under <c>/dev/</c>
    /// are devices, anything else is a file path.
    /// </summary>
    public static CaptureSource Parse(string source, bool realtime = true, bool loop = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var trimmed = source.Trim();
        if (trimmed.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase))
        {
            return new CaptureSource(CaptureSourceKind.Rtsp, trimmed);
        }

        if (trimmed.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return new CaptureSource(CaptureSourceKind.Device, trimmed);
        }

        return new CaptureSource(CaptureSourceKind.File, trimmed, realtime, loop);
    }

    /// <summary>Replaces the user info of every URL in <paramref name="text"/> with <c>***</c>.</summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return UserInfo().Replace(text, "://***@");
    }

    public override string ToString() => $"{Kind} {DisplayName}";

    [GeneratedRegex(@"://[^/@\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
