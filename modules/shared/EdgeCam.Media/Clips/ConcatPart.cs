namespace EdgeCam.Media.Clips;

/// <summary>One input of a concatenation.</summary>
/// <param name="Path">Absolute path of the segment.</param>
/// <param name="InpointSeconds">
/// Where to start, as a decode timestamp in the file's own timestamps (ffprobe's <c>dts_time</c>, not seconds from its
/// start): the concat demuxer drops packets decoded before it. Use a keyframe's <see cref="Keyframe.DecodeSeconds"/>:
/// with B-frames a keyframe's presentation time is later than its decode time, and an inpoint there drops the keyframe
/// and with it the whole GOP. Null: from the beginning.
/// </param>
/// <param name="OutpointSeconds">Where to stop (exclusive), in the file's own timestamps. Null: to the end.</param>
/// <param name="ExpectedDurationSeconds">
/// The length the segment list promised; a file much shorter than this is reported as truncated. Null: not checked.
/// </param>
/// <param name="Truncated">
/// The segment is known to be cut short (<see cref="SegmentInspector"/>) and <paramref name="OutpointSeconds"/> ends it
/// before the damage: it is joined, not refused.
/// </param>
public sealed record ConcatPart(string Path, double? InpointSeconds = null, double? OutpointSeconds = null, double? ExpectedDurationSeconds = null, bool Truncated = false);
