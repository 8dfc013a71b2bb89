using System.Globalization;

namespace EdgeCam.Agent.Outbox;

/// <summary>Where a stored record sits: its segment file, offset and frame length.</summary>
internal sealed record StoredRecord(long Sequence, long SegmentId, long Offset, int FrameLength);

/// <summary>What a scan of one segment found: intact records, and where a torn or corrupt frame begins (if any).</summary>
internal sealed record SegmentScan(long SegmentId, IReadOnlyList<StoredRecord> Records, long? TornAt);

/// <summary>The append-only segment files (<c>{id:D12}.seg</c>) of an outbox: naming, listing and scanning.</summary>
internal static class OutboxSegments
{
    private const string Extension = ".seg";

    public static string PathOf(string directory, long segmentId) =>
        Path.Combine(directory, segmentId.ToString("D12", CultureInfo.InvariantCulture) + Extension);

    /// <summary>The segment ids in <paramref name="directory"/>, oldest first.</summary>
    public static IReadOnlyList<long> List(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*" + Extension)
            .Select(f => long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : -1)
            .Where(id => id >= 0)
            .Order()];

    /// <summary>Reads every intact frame from the start; stops at the first frame that is cut short or fails its checksum.</summary>
    public static SegmentScan Scan(string directory, long segmentId, int maxPayload)
    {
        var records = new List<StoredRecord>();
        using var file = new FileStream(PathOf(directory, segmentId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var header = new byte[OutboxRecord.HeaderBytes];
        long offset = 0;
        while (offset < file.Length)
        {
            file.Position = offset;
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
                || !OutboxRecord.TryReadHeader(header, maxPayload, out int payloadLength, out long sequence))
            {
                return new SegmentScan(segmentId, records, offset);
            }

            var frame = new byte[OutboxRecord.Overhead + payloadLength];
            header.CopyTo(frame, 0);
            if (file.ReadAtLeast(frame.AsSpan(header.Length), frame.Length - header.Length, throwOnEndOfStream: false) < frame.Length - header.Length
                || !OutboxRecord.IsIntact(frame))
            {
                return new SegmentScan(segmentId, records, offset);
            }

            records.Add(new StoredRecord(sequence, segmentId, offset, frame.Length));
            offset += frame.Length;
        }

        return new SegmentScan(segmentId, records, null);
    }

    /// <summary>Reads one frame back.</summary>
    public static async Task<OutboxEntry> ReadAsync(string directory, StoredRecord record, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(PathOf(directory, record.SegmentId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        file.Position = record.Offset;
        var frame = new byte[record.FrameLength];
        await file.ReadExactlyAsync(frame, cancellationToken);
        return OutboxRecord.IsIntact(frame)
            ? OutboxRecord.Decode(frame)
            : throw new InvalidDataException($"outbox record {record.Sequence} in {PathOf(directory, record.SegmentId)} changed on disk");
    }
}

/// <summary>
/// The committed offset: the highest sequence acknowledged (sent, or dropped when full). Written to a temp file,
/// flushed to disk, then renamed over <c>ack</c>, so a crash leaves the old or the new value, never half of one.
/// </summary>
internal static class OutboxAckFile
{
    private const string Name = "ack";

    public static long Read(string directory)
    {
        var path = Path.Combine(directory, Name);
        if (!File.Exists(path))
        {
            return 0;
        }

        var text = File.ReadAllText(path).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long sequence)
            ? sequence
            : throw new InvalidDataException($"outbox ack file {path} holds '{text}', not a sequence number");
    }

    public static async Task WriteAsync(string directory, long sequence, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, Name);
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await file.WriteAsync(System.Text.Encoding.ASCII.GetBytes(sequence.ToString(CultureInfo.InvariantCulture) + "\n"), cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
