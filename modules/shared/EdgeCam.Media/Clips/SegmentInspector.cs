namespace EdgeCam.Media.Clips;

/// <summary>
/// Finds out what a clip can take from a segment before it is joined: a 0-byte, missing or unreadable one gives
/// nothing; a truncated one (a crash or a full disk cut it short) gives its readable beginning, up to its last packet.
/// <para>
/// A truncated MPEG-TS file shows itself by a length that is not a whole number of 188-byte packets, or (cut on a
/// packet boundary) by holding much less than its list entry promised. Either way its packets are read (no decoding):
/// the readable part ends before the last packet, which may itself be cut short.
/// </para>
/// </summary>
public sealed class SegmentInspector
{
    /// <summary>Size of an MPEG-TS packet: a .ts file whose length is not a multiple of it was cut short.</summary>
    public const int TsPacketBytes = 188;

    private readonly MediaProbe _probe;

    public SegmentInspector(MediaProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        _probe = probe;
    }

    /// <summary>Whether a segment whose list promised <paramref name="expectedSeconds"/> holds them.</summary>
    /// <param name="path">The segment.</param>
    /// <param name="expectedSeconds">Its listed length; null when unknown (not checked).</param>
    /// <param name="unclosed">
    /// True when the capture stopped while writing it (not in the list): it is read as truncated whatever its length,
    /// since its last packet may be cut short.
    /// </param>
    /// <param name="cancellationToken">Cancels ffprobe.</param>
    public async Task<SegmentCondition> InspectAsync(string path, double? expectedSeconds, bool unclosed, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return new SegmentCondition(file.FullName, SegmentDamage.Missing, 0, 0);
        }

        if (file.Length == 0)
        {
            return new SegmentCondition(file.FullName, SegmentDamage.Empty, 0, 0);
        }

        var cutMidPacket = file.Extension.Equals(".ts", StringComparison.OrdinalIgnoreCase) && file.Length % TsPacketBytes != 0;
        if (cutMidPacket || unclosed)
        {
            return await SalvageAsync(file, cancellationToken);
        }

        if (expectedSeconds is not { } expected)
        {
            return SegmentCondition.Whole(file.FullName, file.Length, 0);
        }

        MediaTimes times;
        try
        {
            times = await _probe.ReadTimesAsync(file.FullName, cancellationToken);
        }
        catch (MediaProbeException ex)
        {
            return Unreadable(file, ex);
        }

        // Segments are cut on keyframes, so a whole one lasts what the list says to within a frame or two.
        var tolerance = 0.5 + (0.1 * expected);
        return times.DurationSeconds < expected - tolerance
            ? await SalvageAsync(file, cancellationToken)
            : SegmentCondition.Whole(file.FullName, file.Length, expected);
    }

    private async Task<SegmentCondition> SalvageAsync(FileInfo file, CancellationToken cancellationToken)
    {
        VideoKeyframes keys;
        try
        {
            keys = await _probe.ReadKeyframesAsync(file.FullName, cancellationToken);
        }
        catch (MediaProbeException ex)
        {
            return Unreadable(file, ex);
        }

        // Up to (not including) the last packet, which may be cut short; a copy needs a keyframe before that.
        var outpoint = keys.LastDecodeSeconds;
        var usable = keys.PacketCount >= 2 && keys.Keyframes.Any(k => k.DecodeSeconds < outpoint);
        return usable
            ? new SegmentCondition(file.FullName, SegmentDamage.Truncated, file.Length, outpoint - keys.FirstDecodeSeconds, outpoint)
            : new SegmentCondition(file.FullName, SegmentDamage.Truncated, file.Length, 0);
    }

    private static SegmentCondition Unreadable(FileInfo file, MediaProbeException ex)
    {
        // MediaProbeException says "ffprobe could not read '<path>': <reason>": the path is named once, by the condition.
        var message = ex.Message;
        var colon = message.IndexOf("': ", StringComparison.Ordinal);
        var reason = colon >= 0 ? message[(colon + 3)..] : message;
        return new SegmentCondition(file.FullName, SegmentDamage.Unreadable, file.Length, 0, Reason: reason.Length == 0 ? "no reason given" : reason);
    }
}
