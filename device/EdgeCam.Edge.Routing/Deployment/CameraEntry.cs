namespace EdgeCam.Edge.Deployment;

/// <summary>
/// One camera to run as its own CameraCapture module: its id (messages, files on the shared volume), the stream it
/// records, and optionally the lower-resolution stream motion is watched on (CameraCapture's <c>analysisSource</c>).
/// </summary>
public sealed record CameraEntry(string Id, string Source, string? SubStream = null)
{
    /// <summary>Null when the entry is usable, else one line saying which field is wrong.</summary>
    public string? Problem()
    {
        if (Id is null || Id.Length is 0 or > 64 || Id.StartsWith('.') || !Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return $"camera id '{Id}' must be 1-64 characters of letters, digits, '-', '_' or '.', not starting with '.'";
        }

        if (!Id.Any(char.IsAsciiLetterOrDigit))
        {
            return $"camera id '{Id}' needs at least one letter or digit (the module name is made of them)";
        }

        if (string.IsNullOrWhiteSpace(Source))
        {
            return $"camera '{Id}' has no source (the stream to record: an rtsp:// URL, a file, /dev/videoN or libcamera)";
        }

        return SubStream is { } sub && string.IsNullOrWhiteSpace(sub)
            ? $"camera '{Id}' has an empty sub stream: leave it out to analyse the main stream"
            : null;
    }
}
