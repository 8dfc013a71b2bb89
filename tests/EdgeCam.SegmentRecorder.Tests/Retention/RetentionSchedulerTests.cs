using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Retention;
using EdgeCam.SegmentRecorder.Settings;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;

namespace EdgeCam.SegmentRecorder.Tests.Retention;

[Trait("Category", "Unit")]
public sealed class RetentionSchedulerTests : IDisposable
{
    private const string ModuleId = "SegmentRecorder";
    private readonly TempDirectory _dir = new("schedule");
    private readonly SharedVolume _volume;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow.AddMinutes(-10);

    public RetentionSchedulerTests()
    {
        _volume = new SharedVolume(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SweepOnceAsync_FloorUnmetOverPassesThenMet_OneBelowFloorHealthThenOneOk()
    {
        SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 2, segmentSeconds: 10, bytes: 1000);
        var space = new FakeFreeSpace(_dir.Path, totalBytes: 100_000, otherBytes: 97_000); // 1000 free, floor 5000
        await using var hub = TestHub.Create(new Dictionary<string, string>());
        var client = await hub.ClientAsync(ModuleId);
        var scheduler = Scheduler(space, ProtectedFromStart(), new SegmentRecorderSettings { MinFreeBytes = 5000, MinFreePercent = 0 });

        await scheduler.SweepOnceAsync(client, CancellationToken.None);
        space.OtherBytes += 500; // still below: no second message
        await scheduler.SweepOnceAsync(client, CancellationToken.None);
        space.OtherBytes = 50_000; // a ballast file is deleted
        await scheduler.SweepOnceAsync(client, CancellationToken.None);
        await scheduler.SweepOnceAsync(client, CancellationToken.None);

        var health = hub.Routed.Where(r => r.OutputName == RetentionScheduler.HealthOutput).Select(r => r.Message).ToList();
        Assert.All(health, m => Assert.Equal(MessageTypes.StorageHealth, m.MessageType()));
        var states = health.Select(m => m.Read(ContractsJsonContext.Default.StorageHealth)).ToList();
        Assert.Equal([StorageState.BelowFloor, StorageState.Ok], states.Select(s => s.State));
        Assert.Equal((1000L, 5000L, 100_000L, ModuleId), (states[0].FreeBytes, states[0].FloorBytes, states[0].TotalBytes, states[0].Volume));
        Assert.Equal(48_000L, states[1].FreeBytes);
        var reported = hub.Hub.GetReportedProperties(ModuleId)["retention"]!;
        Assert.Equal(("met", 48_000L), ((string)reported["floor"]!, (long)reported["freeBytes"]!));
    }

    [Fact]
    public async Task OnIndexRefreshedAsync_NoSegmentClosedButVolumeFillingBelowFloor_EvictsAtOnce()
    {
        var dir = SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 4, segmentSeconds: 10, bytes: 1000);
        var space = new FakeFreeSpace(_dir.Path, totalBytes: 100_000, otherBytes: 80_000); // 16 000 free, floor 10 000
        await using var hub = TestHub.Create(new Dictionary<string, string>());
        var client = await hub.ClientAsync(ModuleId);
        var scheduler = Scheduler(space, new EventProtections(), new SegmentRecorderSettings { MinFreeBytes = 10_000, MinFreePercent = 0 });
        await scheduler.OnIndexRefreshedAsync(client, CancellationToken.None); // the first pass: nothing to evict
        var afterFirst = Directory.EnumerateFiles(dir, "*.ts").Count();

        space.OtherBytes = 87_500; // another program writes 7.5 KB; no segment closed
        await scheduler.OnIndexRefreshedAsync(client, CancellationToken.None);

        Assert.Equal((4, 2), (afterFirst, Directory.EnumerateFiles(dir, "*.ts").Count()));
        Assert.True(space.Read()!.FreeBytes >= 10_000);
    }

    private RetentionScheduler Scheduler(FakeFreeSpace space, EventProtections protections, SegmentRecorderSettings settings)
    {
        var index = new SegmentIndex(_volume);
        var sweeper = new RetentionSweeper(index, _volume, protections, TimeProvider.System, space: space);
        return new RetentionScheduler(index, sweeper, () => settings);
    }

    // Protects every segment, so the floor cannot be met by evicting.
    private EventProtections ProtectedFromStart()
    {
        var protections = new EventProtections();
        protections.Protect("evt-open", new ProtectedWindow("cam1", _started, _started.AddHours(1), IsOpenEvent: true));
        return protections;
    }
}
