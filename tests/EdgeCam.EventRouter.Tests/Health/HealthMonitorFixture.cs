using EdgeCam.Contracts;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.EventRouter.Health;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.EventRouter.Tests.Health;

/// <summary>A <see cref="HealthMonitor"/> on a manual clock, fed contract messages as EventRouter's <c>health</c> input would be.</summary>
public sealed class HealthMonitorFixture : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 30, 22, 0, 0, TimeSpan.Zero);

    public HealthMonitorFixture(HealthSettings? settings = null, bool? clockSynchronised = true)
    {
        Settings = settings ?? HealthSettings.Default;
        Clock = new FakeClockStatus(clockSynchronised);
        Monitor = new HealthMonitor(Time, () => Settings, Clock, NullLogger.Instance);
    }

    public ManualTimeProvider Time { get; } = new(T0);

    public HealthSettings Settings { get; set; }

    public FakeClockStatus Clock { get; }

    public HealthMonitor Monitor { get; }

    /// <summary>Every alert emitted so far (drained from the monitor's queue).</summary>
    public List<Alert> Alerts { get; } = [];

    public List<Alert> Drain()
    {
        while (Monitor.Alerts.TryRead(out var alert))
        {
            Alerts.Add(alert);
        }

        return Alerts;
    }

    public void Camera(string camera, CaptureState state, string? error = null) => Monitor.Observe(
        ContractMessage.Create(new CameraHealth(camera, state, "rtsp://127.0.0.1/cam", 0, 0, Time.GetUtcNow(), error), ContractsJsonContext.Default.CameraHealth, MessageTypes.CameraHealth, camera));

    public void Buffer(int pending, DateTimeOffset? oldest, bool uploading = false) => Monitor.Observe(
        ContractMessage.Create(new BufferHealth("BlobBuffer", pending, pending * 1_000_000L, uploading, Time.GetUtcNow(), oldest), ContractsJsonContext.Default.BufferHealth, MessageTypes.BufferHealth, "BlobBuffer"));

    public void Storage(StorageState state) => Monitor.Observe(
        ContractMessage.Create(new StorageHealth("SegmentRecorder", state, 1_000_000, 25_165_824, 57_000_000, Time.GetUtcNow()), ContractsJsonContext.Default.StorageHealth, MessageTypes.StorageHealth, "SegmentRecorder"));

    public void Tamper(string camera, TamperState state) => Monitor.Observe(
        ContractMessage.Create(new TamperHealth(camera, state, 2.5, 0.2, 0.3, Time.GetUtcNow()), ContractsJsonContext.Default.TamperHealth, MessageTypes.TamperHealth, camera));

    public void Outbox(bool dropping, long dropped) => Monitor.Observe(
        ContractMessage.Create(new OutboxHealth("Agent", dropping, dropped, 10_000, Time.GetUtcNow()), ContractsJsonContext.Default.OutboxHealth, MessageTypes.OutboxHealth, "Agent"));

    public void Dispose() => Monitor.Dispose();
}
