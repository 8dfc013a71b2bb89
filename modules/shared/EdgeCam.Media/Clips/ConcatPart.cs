namespace EdgeCam.Media.Clips;

/// <summary>One input of a concatenation.</summary>
/// <param name="Path">Absolute path of the segment.</param>
/// <param name="InpointSeconds">
/// Where to start, in the file's own timestamps (ffprobe's <c>pts_time</c>, not seconds from its start). Use a keyframe
/// time: in copy mode the demuxer's seek may land just before it and ffmpeg then drops everything up to the next
/// keyframe. Null: from the beginning.
/// </param>
/// <param name="OutpointSeconds">Where to stop (exclusive), in the file's own timestamps. Null: to the end.</param>
/// <param name="ExpectedDurationSeconds">
/// The length the segment list promised; a file much shorter than this is reported as truncated. Null: not checked.
/// </param>
public sealed record ConcatPart(string Path, double? InpointSeconds = null, double? OutpointSeconds = null, double? ExpectedDurationSeconds = null);
