using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Outbox;

/// <summary>Opening an outbox a previous run left: committed offset, intact records after it, torn tails cut off.</summary>
public sealed partial class Outbox
{
    private void Recover()
    {
        var directory = _options.Directory;
        _acked = OutboxAckFile.Read(directory);
        long last = _acked;
        var ids = OutboxSegments.List(directory);
        int maxPayload = (int)Math.Min(int.MaxValue, _options.MaxBytes);
        foreach (var id in ids)
        {
            var scan = OutboxSegments.Scan(directory, id, maxPayload);
            if (scan.TornAt is long tornAt)
            {
                CutOff(OutboxSegments.PathOf(directory, id), tornAt);
            }

            foreach (var record in scan.Records.Where(r => r.Sequence > _acked))
            {
                _pending.AddLast(record);
                _bytes += record.FrameLength;
            }

            last = Math.Max(last, scan.Records.Count == 0 ? 0 : scan.Records.Max(r => r.Sequence));
            if (scan.Records.All(r => r.Sequence <= _acked))
            {
                File.Delete(OutboxSegments.PathOf(directory, id));
            }
            else
            {
                _segmentLastSequence[id] = scan.Records.Max(r => r.Sequence);
            }
        }

        _nextSequence = last + 1;
        _segmentId = ids.Count == 0 ? 1 : ids[^1] + 1;
        if (_pending.Count > 0)
        {
            LogRecovered(_logger, _pending.Count, _bytes, _acked, directory);
        }
    }

    private void CutOff(string path, long tornAt)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
        long skipped = file.Length - tornAt;
        file.SetLength(tornAt);
        file.Flush(flushToDisk: true);
        LogTorn(_logger, path, tornAt, skipped);
    }

    [LoggerMessage(501, LogLevel.Warning, "Outbox: skipped a torn or corrupt record in {Path} at offset {Offset} ({Bytes} bytes cut off; an interrupted write, it was never acknowledged to its sender)")]
    private static partial void LogTorn(ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(502, LogLevel.Information, "Outbox: {Count} messages ({Bytes} bytes) after committed offset {Acked} in {Directory} will be sent again")]
    private static partial void LogRecovered(ILogger logger, int count, long bytes, long acked, string directory);

    [LoggerMessage(503, LogLevel.Warning, "Outbox full ({MaxCount} messages or {MaxBytes} bytes in {Directory}): dropping the oldest messages until IoT Hub takes them again")]
    private static partial void LogFull(ILogger logger, int maxCount, long maxBytes, string directory);

    [LoggerMessage(504, LogLevel.Information, "Outbox draining again: {Count} waiting, {Dropped} dropped while it was full")]
    private static partial void LogNoLongerFull(ILogger logger, int count, long dropped);
}
