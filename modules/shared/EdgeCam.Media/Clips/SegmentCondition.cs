using System.Globalization;

namespace EdgeCam.Media.Clips;

/// <summary>What is wrong with a segment file, if anything.</summary>
public enum SegmentDamage
{
    /// <summary>Whole: it holds what its list entry promised.</summary>
    None,

    /// <summary>The file is gone.</summary>
    Missing,

    /// <summary>0 bytes (a full disk, or a crash right after the file was opened).</summary>
    Empty,

    /// <summary>Cut short (a crash or a full disk): only its first part can be read.</summary>
    Truncated,

    /// <summary>ffprobe cannot read it at all.</summary>
    Unreadable,
}

/// <summary>
/// What a clip can take from one segment: all of it, its readable beginning (up to <see cref="OutpointSeconds"/>), or
/// nothing.
/// </summary>
/// <param name="Path">The segment.</param>
/// <param name="Damage">What is wrong with it.</param>
/// <param name="Bytes">Its length (0 when missing).</param>
/// <param name="ReadableSeconds">How much video a clip can take from it (0 when nothing; the listed length when whole).</param>
/// <param name="OutpointSeconds">
/// For a truncated segment with a readable beginning: where to stop (exclusive, a decode time in the file's own
/// timestamps), which drops its last packet since that one may be cut short. Null otherwise.
/// </param>
/// <param name="Reason">Why it is unreadable (ffprobe's words), or null.</param>
public sealed record SegmentCondition(string Path, SegmentDamage Damage, long Bytes, double ReadableSeconds, double? OutpointSeconds = null, string? Reason = null)
{
    /// <summary>True when a clip can take something from it.</summary>
    public bool IsUsable => Damage == SegmentDamage.None || (Damage == SegmentDamage.Truncated && OutpointSeconds is not null);

    /// <summary>A whole segment.</summary>
    public static SegmentCondition Whole(string path, long bytes, double seconds) => new(path, SegmentDamage.None, bytes, seconds);

    /// <summary>One line saying what is wrong and what a clip does about it (no trailing period, so a caller can add the gap).</summary>
    public string Describe() => Damage switch
    {
        SegmentDamage.None => $"Segment '{Path}' is whole",
        SegmentDamage.Missing => $"Segment '{Path}' is missing: skipped",
        SegmentDamage.Empty => $"Segment '{Path}' is empty (0 bytes): skipped",
        SegmentDamage.Unreadable => $"Segment '{Path}' is unreadable ({Reason}): skipped",
        _ when OutpointSeconds is null => $"Segment '{Path}' is truncated ({Bytes} bytes) with no whole frame to read: skipped",
        _ => string.Create(CultureInfo.InvariantCulture, $"Segment '{Path}' is truncated ({Bytes} bytes): its first {ReadableSeconds:0.###} s are kept"),
    };
}
