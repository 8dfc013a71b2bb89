using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;

namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>
/// Marks an event clip as confirmed by the cloud when BlobBuffer reports it (input <c>uploaded</c>): an empty
/// <c>&lt;clip&gt;.mp4.uploaded</c> file beside it, so the mark survives restarts. Retention keeps the local copy for
/// playback but evicts marked clips first under size pressure: what is safe elsewhere goes first.
/// Only clips under <c>clips/&lt;camera&gt;/</c> of the shared volume are ever marked, whatever the message says.
/// </summary>
public sealed class UploadedClipMarker
{
    /// <summary>Appended to a clip's file name to make its mark.</summary>
    public const string Suffix = ".uploaded";

    private readonly SharedVolume _volume;

    public UploadedClipMarker(SharedVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        _volume = volume;
    }

    /// <summary>True when <paramref name="clipPath"/> carries the mark.</summary>
    public static bool IsMarked(string clipPath) => File.Exists(clipPath + Suffix);

    /// <summary>Marks the clip named by <paramref name="uploaded"/>; false when the clip is already gone.</summary>
    /// <exception cref="ArgumentException">The path is not a clip of the camera on the shared volume.</exception>
    public bool Mark(ClipUploaded uploaded)
    {
        ArgumentNullException.ThrowIfNull(uploaded);
        var path = _volume.Resolve(uploaded.ClipPath);
        var clips = _volume.ClipsDirectory(uploaded.CameraId) + Path.DirectorySeparatorChar;
        if (!path.StartsWith(clips, StringComparison.Ordinal) || !path.EndsWith(".mp4", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{uploaded.ClipPath}' is not an event clip of camera '{uploaded.CameraId}'.", nameof(uploaded));
        }

        if (!File.Exists(path))
        {
            return false;
        }

        File.WriteAllBytes(path + Suffix, []);
        return true;
    }
}
