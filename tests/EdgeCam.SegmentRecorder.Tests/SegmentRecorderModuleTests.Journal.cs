using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.SegmentRecorder.Cutting;
using EdgeCam.SegmentRecorder.Journal;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;

namespace EdgeCam.SegmentRecorder.Tests;

// Issue 8, "nothing lost": each test runs a first instance that dies (abandoned, never stopped) or stops, then a second
// instance on the same volume, with a hub of its own, that must finish what the first one owed.
public sealed partial class SegmentRecorderModuleTests
{
    [Fact]
    public async Task RunAsync_CrashedBeforeTheClipWasCut_NextStartCutsItAndSendsClipReady()
    {
        // The window (4..14 s) ends after the footage (10 s) of an open session: the first instance waits for footage
        // on a clock that never moves, so it never cuts; it is then abandoned without a stop, as a crash leaves it.
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        var session = new CaptureSession("cam1", "s1", started, 2);
        await SpoolWriter.RecordAsync(_volume, session, seconds: 10);
        var settings = new JsonObject { ["preRollSeconds"] = 3, ["postRollSeconds"] = 5, ["clipTimeoutSeconds"] = 600 }; // only a stop or the session end cuts it
        await using var hub1 = CreateHub(settings.DeepClone().AsObject());
        var clock = new ManualTimeProvider(started.AddSeconds(30));
        var crashed = new SegmentRecorderModule(_volume, timeProvider: clock);
        using var neverStopped = new CancellationTokenSource();
        var (_, camera1) = await StartAsync(hub1, crashed, await hub1.ClientAsync(ModuleId), neverStopped.Token);

        await camera1.SendAsync("motion", Message(new MotionEnded("cam1", "evt-crash", started.AddSeconds(7), started.AddSeconds(9), 0.4, 40), MessageTypes.MotionEnded), CancellationToken.None);
        var journalFile = crashed.Journal.PathOf("evt-crash");
        await Eventually.TrueAsync(() => File.Exists(journalFile), "the ended event was journaled", 10_000);
        // The first instance must be parked in its wait for footage (a poll delay on a clock that never moves) before the
        // session ends: otherwise it would see the end too and cut alongside the second instance, which no crash does.
        await Eventually.TrueAsync(() => clock.HasPendingTimer(ClipJobProcessor.DefaultPollInterval), "the first instance waits for footage", 10_000);
        Assert.DoesNotContain(hub1.Routed, r => r.FromModuleId == ModuleId);

        SpoolWriter.WriteSession(_volume, session with { EndedAt = started.AddSeconds(10) });
        await using var hub2 = CreateHub(settings);
        var restarted = new SegmentRecorderModule(_volume) { IndexPollInterval = TimeSpan.FromMilliseconds(100) };
        var (run2, _) = await StartAsync(hub2, restarted, await hub2.ClientAsync(ModuleId), _stop.Token);

        var routed = await hub2.WaitForAsync(r => r.FromModuleId == ModuleId, Patience);
        var clip = ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipReady);
        Assert.Equal(("evt-crash", "clips/cam1/evt-crash.mp4"), (clip.EventId, clip.ClipPath));
        Assert.InRange(clip.End, started.AddSeconds(9.9), started.AddSeconds(10.1));
        await Eventually.TrueAsync(() => !File.Exists(journalFile), "the finished job left the journal", 10_000);
        await StopAsync(run2);
    }

    [Fact]
    public async Task RunAsync_ClipCutButNotHandedOver_ReofferedWithTheSameMd5AndNotCutAgain()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        var session = new CaptureSession("cam1", "s1", started, 2, EndedAt: started.AddSeconds(20));
        var sessionDir = await SpoolWriter.RecordAsync(_volume, session, seconds: 20);
        await using var hub1 = CreateHub();
        var crashed = new SegmentRecorderModule(_volume);
        var stalling = new StallingModuleClient(await hub1.ClientAsync(ModuleId), SegmentRecorderModule.ClipReadyOutput);
        using var neverStopped = new CancellationTokenSource();
        var (_, camera1) = await StartAsync(hub1, crashed, stalling, neverStopped.Token);

        await camera1.SendAsync("motion", Message(new MotionEnded("cam1", "evt-offer", started.AddSeconds(8), started.AddSeconds(12), 0.4, 40), MessageTypes.MotionEnded), CancellationToken.None);
        var offered = ContractJson.Deserialize((await stalling.FirstStalled.WaitAsync(Patience)).Body.Span, ContractsJsonContext.Default.ClipReady);
        var clipFile = _volume.Resolve(offered.ClipPath);
        var written = File.GetLastWriteTimeUtc(clipFile);

        // The footage is gone: a second cut could not make this clip again, only the file on disk can be offered.
        foreach (var segment in Directory.EnumerateFiles(sessionDir, "*.ts"))
        {
            File.Delete(segment);
        }

        await using var hub2 = CreateHub();
        var (run2, _) = await StartAsync(hub2, new SegmentRecorderModule(_volume), await hub2.ClientAsync(ModuleId), _stop.Token);

        var routed = await hub2.WaitForAsync(r => r.FromModuleId == ModuleId, Patience);
        var clip = ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipReady);
        Assert.Equal(offered, clip);
        Assert.Equal(written, File.GetLastWriteTimeUtc(clipFile));
        await Eventually.TrueAsync(() => !File.Exists(crashed.Journal.PathOf("evt-offer")), "the handed-over job left the journal", 10_000);
        await StopAsync(run2);
    }

    [Fact]
    public async Task RunAsync_ClipReadyNotAccepted_ModuleKeepsRunningAndNextStartOffersTheClipAgain()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2, EndedAt: started.AddSeconds(20)), seconds: 20);
        await using var hub1 = CreateHub();
        var refusing = new StallingModuleClient(await hub1.ClientAsync(ModuleId), SegmentRecorderModule.ClipReadyOutput, fail: true);
        using var stop1 = new CancellationTokenSource();
        var (run1, camera1) = await StartAsync(hub1, new SegmentRecorderModule(_volume), refusing, stop1.Token);
        await camera1.SendAsync("motion", Message(new MotionEnded("cam1", "evt-refused", started.AddSeconds(8), started.AddSeconds(12), 0.4, 40), MessageTypes.MotionEnded), CancellationToken.None);
        var refused = ContractJson.Deserialize((await refusing.FirstStalled.WaitAsync(Patience)).Body.Span, ContractsJsonContext.Default.ClipReady);

        await stop1.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run1.WaitAsync(Patience)); // not the IOException

        await using var hub2 = CreateHub();
        var (run2, _) = await StartAsync(hub2, new SegmentRecorderModule(_volume), await hub2.ClientAsync(ModuleId), _stop.Token);
        var routed = await hub2.WaitForAsync(r => r.FromModuleId == ModuleId, Patience);
        Assert.Equal(refused, ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipReady));
        await StopAsync(run2);
    }

    [Fact]
    public async Task RunAsync_StoppedWithNoDrainTime_JobStaysJournaledAndNextStartFinishesIt()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        var session = new CaptureSession("cam1", "s1", started, 2);
        await SpoolWriter.RecordAsync(_volume, session, seconds: 10);
        var settings = new JsonObject { ["preRollSeconds"] = 3, ["postRollSeconds"] = 5, ["clipTimeoutSeconds"] = 600 }; // only a stop or the session end cuts it
        await using var hub1 = CreateHub(settings.DeepClone().AsObject());
        var stopped = new SegmentRecorderModule(_volume) { StopDrainTimeout = TimeSpan.Zero };
        using var stop1 = new CancellationTokenSource();
        var (run1, camera1) = await StartAsync(hub1, stopped, await hub1.ClientAsync(ModuleId), stop1.Token);
        await camera1.SendAsync("motion", Message(new MotionEnded("cam1", "evt-stop", started.AddSeconds(7), started.AddSeconds(9), 0.4, 40), MessageTypes.MotionEnded), CancellationToken.None);
        var journalFile = stopped.Journal.PathOf("evt-stop");
        await Eventually.TrueAsync(() => File.Exists(journalFile), "the ended event was journaled", 10_000);

        await stop1.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run1.WaitAsync(Patience));

        Assert.DoesNotContain(hub1.Routed, r => r.FromModuleId == ModuleId);
        Assert.True(File.Exists(journalFile), "the job not cut within the drain stays journaled");
        SpoolWriter.WriteSession(_volume, session with { EndedAt = started.AddSeconds(10) });
        await using var hub2 = CreateHub(settings);
        var (run2, _) = await StartAsync(hub2, new SegmentRecorderModule(_volume), await hub2.ClientAsync(ModuleId), _stop.Token);
        var routed = await hub2.WaitForAsync(r => r.FromModuleId == ModuleId, Patience);
        Assert.Equal("evt-stop", ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipReady).EventId);
        await Eventually.TrueAsync(() => !File.Exists(journalFile), "the finished job left the journal", 10_000);
        await StopAsync(run2);
    }

    [Fact]
    public async Task RunAsync_OpenEventAcrossARestart_RetentionKeepsItsFootage()
    {
        const long segmentBytes = 16L * 1024 * 1024;
        const long bound = 64L * 1024 * 1024; // 6 segments of 16 MiB: without the open event two would go
        var session = new CaptureSession("cam1", "s1", DateTimeOffset.UtcNow.AddMinutes(-1), 2);
        SpoolWriter.WriteSession(_volume, session);
        var desired = new JsonObject { ["retentionMaxBytes"] = bound, ["minFreeBytes"] = 0, ["minFreePercent"] = 0 };
        await using (var hub1 = CreateHub(desired.DeepClone().AsObject()))
        {
            using var stop1 = new CancellationTokenSource();
            var (run1, camera1) = await StartAsync(hub1, new SegmentRecorderModule(_volume), await hub1.ClientAsync(ModuleId), stop1.Token);
            await camera1.SendAsync("motion", Message(new MotionStarted("cam1", "evt-open", session.StartedAt.AddSeconds(1), 0.2, []), MessageTypes.MotionStarted), CancellationToken.None);
            await Eventually.TrueAsync(() => File.Exists(Path.Combine(ClipJobJournal.DirectoryOf(_volume), "evt-open.json")), "the open event was journaled", 10_000);
            await stop1.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run1.WaitAsync(Patience));
        }

        for (var i = 1; i <= 6; i++)
        {
            SpoolWriter.AppendSparse(_volume, session, i, 2, segmentBytes);
        }

        await using var hub2 = CreateHub(desired);
        var (run2, _) = await StartAsync(hub2, new SegmentRecorderModule(_volume) { IndexPollInterval = TimeSpan.FromMilliseconds(100) }, await hub2.ClientAsync(ModuleId), _stop.Token);

        var reported = await hub2.WaitForReportedAsync(ModuleId, r => r["retention"]?["segments"]?.GetValue<int>() > 0, Patience);
        Assert.Equal(6, reported["retention"]!["protectedSegments"]!.GetValue<int>());
        Assert.Equal(6, Directory.EnumerateFiles(_volume.SessionDirectory("cam1", "s1"), "*.ts").Count());
        await StopAsync(run2);
    }

    // Starts a module on a hub with a given client and token; returns once it is open, with the camera's client.
    private static async Task<(Task Run, IModuleClient Camera)> StartAsync(TestHub hub, SegmentRecorderModule module, IModuleClient client, CancellationToken stop)
    {
        var run = Task.Run(() => module.RunAsync(client, stop), CancellationToken.None);
        await hub.WaitForReportedAsync(ModuleId, r => r["lastDesiredStatus"] is not null, Patience);
        return (run, await hub.ClientAsync("cam1"));
    }
}
