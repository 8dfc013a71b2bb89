using System.Globalization;
using EdgeCam.Contracts.Health;

namespace EdgeCam.EventRouter.Health;

/// <summary>
/// BlobBuffer's backlog: when the oldest pending clip (<see cref="BufferHealth.OldestPendingSince"/>) becomes older than
/// <see cref="HealthSettings.UploadsStuckAfter"/>, <c>uploadsStuck</c> goes out once; a later report whose oldest clip is
/// younger than that (or with nothing pending) sends <c>uploadsRecovered</c> once. The buffer reports only on change,
/// and a dead link changes nothing, so the deadline is timed here from the last report.
/// </summary>
public sealed class UploadsStuckRule(HealthContext context) : IDisposable
{
    private readonly Dictionary<string, ITimer> _deadlines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BufferHealth> _latest = new(StringComparer.Ordinal);

    /// <summary>Takes one <c>bufferHealth</c>; call under <see cref="HealthContext.Gate"/>.</summary>
    public void Observe(BufferHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var buffer = health.Buffer;
        _latest[buffer] = health;
        CancelDeadline(buffer);
        var now = context.Time.GetUtcNow();
        var limit = context.Settings.UploadsStuckAfter;
        if (health.OldestPendingSince is not { } oldest || health.PendingCount == 0 || now - oldest < limit)
        {
            context.Emit(context.Episodes.Recover(buffer, HealthCondition.UploadsStuck, now, since =>
                string.Create(CultureInfo.InvariantCulture, $"Uploads from {buffer} go through again: {health.PendingCount} clips waiting ({health.PendingBytes / (1024.0 * 1024.0):0.0} MB)")));
            if (health.OldestPendingSince is { } pendingSince && health.PendingCount > 0)
            {
                var due = pendingSince + limit - now;
                _deadlines[buffer] = context.Time.CreateTimer(_ => Elapsed(buffer), null, due, Timeout.InfiniteTimeSpan);
            }

            return;
        }

        Raise(buffer, health, now);
    }

    public void Dispose()
    {
        foreach (var timer in _deadlines.Values)
        {
            timer.Dispose();
        }

        _deadlines.Clear();
    }

    private void Elapsed(string buffer)
    {
        lock (context.Gate)
        {
            CancelDeadline(buffer);
            if (_latest.TryGetValue(buffer, out var health))
            {
                Raise(buffer, health, context.Time.GetUtcNow());
            }
        }
    }

    private void Raise(string buffer, BufferHealth health, DateTimeOffset now)
    {
        var age = now - (health.OldestPendingSince ?? now);
        var last = health.LastUploadAt is { } at ? string.Create(CultureInfo.InvariantCulture, $"last upload {at:yyyy-MM-dd HH:mm:ss}Z") : "no upload since the buffer started";
        var link = health.Uploading ? "uploads are slow" : "upload attempts fail";
        context.Emit(context.Episodes.Raise(buffer, HealthCondition.UploadsStuck, now, string.Create(CultureInfo.InvariantCulture,
            $"Uploads stuck on {buffer}: {health.PendingCount} clips ({health.PendingBytes / (1024.0 * 1024.0):0.0} MB) waiting, the oldest for {DurationText.Of(age)}; {link}; {last}")));
    }

    private void CancelDeadline(string buffer)
    {
        if (_deadlines.Remove(buffer, out var timer))
        {
            timer.Dispose();
        }
    }
}
