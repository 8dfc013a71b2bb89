using EdgeCam.Contracts;

namespace EdgeCam.WebConsole.Web;

/// <summary>
/// Which files of the shared volume the console serves: snapshots (JPEG) and clips (MP4) only, never the buffer,
/// the journals or anything else, and nothing outside the volume.
/// </summary>
public sealed class MediaFiles(SharedVolume volume)
{
    private static readonly (string Folder, string Extension, string ContentType)[] Served =
    [
        ("snapshots/", ".jpg", "image/jpeg"),
        ("clips/", ".mp4", "video/mp4"),
    ];

    /// <summary>The absolute path and content type of <paramref name="relativePath"/>, or null when it is not served or absent.</summary>
    public (string Path, string ContentType)? Find(string relativePath)
    {
        if (string.IsNullOrWhiteSpace(relativePath))
        {
            return null;
        }

        string full;
        string normalised;
        try
        {
            // Judged on the path as resolved, so clips/../buffer/… is the buffer, not a clip.
            full = volume.Resolve(relativePath);
            normalised = volume.ToRelative(full);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var kind = Served.FirstOrDefault(s => normalised.StartsWith(s.Folder, StringComparison.Ordinal) && normalised.EndsWith(s.Extension, StringComparison.OrdinalIgnoreCase));
        return kind.Folder is not null && File.Exists(full) ? (full, kind.ContentType) : null;
    }
}
