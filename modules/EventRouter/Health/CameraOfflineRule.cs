using System.Globalization;
using EdgeCam.Contracts.Health;

namespace EdgeCam.EventRouter.Health;

/// <summary>
/// A camera that is not streaming (<see cref="CaptureState.Starting"/>, <see cref="CaptureState.Restarting"/> or
/// <see cref="CaptureState.Failed"/>) for <see cref="HealthSettings.CameraOfflineAfter"/> raises <c>cameraOffline</c> once;
/// its next <see cref="CaptureState.Running"/> sends <c>cameraOnline</c> once. CameraCapture reports only changes of
/// state, so the offline time is measured here with a timer started at the first non-streaming report. A stop, an end
/// or a full disk (waitingForSpace: the storage alert tells that story) cancels the timer without ending an open episode.
/// </summary>
public sealed class CameraOfflineRule(HealthContext context) : IDisposable
{
    private readonly Dictionary<string, (ITimer Timer, DateTimeOffset Since, string? Error)> _pending = new(StringComparer.Ordinal);

    /// <summary>Takes one <c>cameraHealth</c>; call under <see cref="HealthContext.Gate"/>.</summary>
    public void Observe(CameraHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var camera = health.CameraId;
        switch (health.State)
        {
            case CaptureState.Running:
                Cancel(camera);
                context.Emit(context.Episodes.Recover(camera, HealthCondition.CameraOffline, context.Time.GetUtcNow(), since =>
                    string.Create(CultureInfo.InvariantCulture, $"Camera {camera} is streaming again after {DurationText.Of(context.Time.GetUtcNow() - since)} offline")));
                break;
            case CaptureState.Starting or CaptureState.Restarting or CaptureState.Failed:
                if (_pending.TryGetValue(camera, out var pending))
                {
                    _pending[camera] = pending with { Error = health.Error ?? pending.Error };
                }
                else if (!context.Episodes.IsRaised(camera, HealthCondition.CameraOffline))
                {
                    var timer = context.Time.CreateTimer(_ => Elapsed(camera), null, context.Settings.CameraOfflineAfter, Timeout.InfiniteTimeSpan);
                    _pending[camera] = (timer, context.Time.GetUtcNow(), health.Error);
                }

                break;
            default:
                Cancel(camera);
                break;
        }
    }

    public void Dispose()
    {
        foreach (var (timer, _, _) in _pending.Values)
        {
            timer.Dispose();
        }

        _pending.Clear();
    }

    private void Elapsed(string camera)
    {
        lock (context.Gate)
        {
            if (!_pending.Remove(camera, out var pending))
            {
                return; // streaming again, or stopped, just before the timer fired
            }

            pending.Timer.Dispose();
            var now = context.Time.GetUtcNow();
            var why = pending.Error is null ? string.Empty : $": {pending.Error}";
            context.Emit(context.Episodes.Raise(camera, HealthCondition.CameraOffline, now,
                string.Create(CultureInfo.InvariantCulture, $"Camera {camera} offline for {DurationText.Of(now - pending.Since)} (not streaming since {pending.Since:HH:mm:ss}Z){why}")));
        }
    }

    private void Cancel(string camera)
    {
        if (_pending.Remove(camera, out var pending))
        {
            pending.Timer.Dispose();
        }
    }
}
