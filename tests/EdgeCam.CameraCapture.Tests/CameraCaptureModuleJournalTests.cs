using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.Journal;
using EdgeCam.CameraCapture.Tests.Journal;
using EdgeCam.CameraCapture.Tests.Outputs;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace EdgeCam.CameraCapture.Tests;

/// <summary>
/// The motion journal seen from outside the module: an event is on disk from before its motionStarted until its
/// motionEnded was sent, and what a crash (or a stop whose sends never completed) leaves is sent by the next instance
/// on the same volume, before its capture starts, under the same event id.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CameraCaptureModuleJournalTests(ITestOutputHelper output)
{
    private const string ModuleId = "CameraCapture";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_EventSent_JournaledWhileInFlightAndRemovedAfterMotionEndedWasSent()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("journal");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions(), CancellationToken.None);
        var volume = new SharedVolume(temp.Combine("data"));
        var journal = volume.CameraJournalDirectory(ModuleId);
        await using var hub = HubWith(new JsonObject { ["source"] = clip.Path, ["realtime"] = false });
        var onDisk = new ConcurrentQueue<(string MessageType, JournaledMotionEvent? Entry)>();
        hub.Hub.MessageRouted += (_, routed) =>
        {
            if (routed.OutputName == CameraCaptureModule.MotionOutput)
            {
                var path = Path.Combine(journal, routed.Message.MessageId!.Split(':')[0] + ".json");
                onDisk.Enqueue((routed.Message.MessageType()!, File.Exists(path) ? JournalEntries.Read(path) : null));
            }
        };
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync(ModuleId), stop.Token);
        var endedMessage = (await hub.WaitForAsync(r => r.Message.MessageType() == MessageTypes.MotionEnded, Patience)).Message;
        await Eventually.TrueAsync(() => Directory.GetFiles(journal).Length == 0, "the entry is removed once motionEnded was sent");

        var ended = endedMessage.Read(ContractsJsonContext.Default.MotionEnded);
        var seen = onDisk.ToList();
        Assert.Equal([MessageTypes.MotionStarted, MessageTypes.MotionEnded], seen.Select(s => s.MessageType));
        Assert.All(seen, s => Assert.Equal(ended.EventId, s.Entry?.Started.EventId));
        Assert.Null(seen[0].Entry!.Ended);
        Assert.Equal(ended, seen[1].Entry!.Ended);
        Assert.True(seen[1].Entry!.StartedSent);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_OrderlyStopWhileEventOpen_SendsMotionEndedAndRemovesTheEntry()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("journal");
        var clip = await SyntheticClip.GenerateAsync(
            temp.Combine("clip.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(12), MotionIntervals = [MotionInterval.FromSeconds(1, 11)] },
            CancellationToken.None);
        var volume = new SharedVolume(temp.Combine("data"));
        var journal = volume.CameraJournalDirectory(ModuleId);
        await using var hub = HubWith(new JsonObject { ["source"] = clip.Path, ["realtime"] = true });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync(ModuleId), stop.Token);
        var started = (await hub.WaitForAsync(r => r.Message.MessageType() == MessageTypes.MotionStarted, Patience)).Message.Read(ContractsJsonContext.Default.MotionStarted);
        var openEntry = JournalEntries.Read(Path.Combine(journal, started.EventId + ".json"));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Null(openEntry.Ended);
        var ended = Assert.Single(hub.Routed, r => r.Message.MessageType() == MessageTypes.MotionEnded).Message.Read(ContractsJsonContext.Default.MotionEnded);
        Assert.Equal(started.EventId, ended.EventId);
        Assert.Empty(Directory.GetFiles(journal));
    }

    [Fact]
    public async Task RunAsync_StopWhileMotionSendsNeverComplete_EntryStaysAndTheNextInstanceSendsStartedAndRecordedEnd()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("journal");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions(), CancellationToken.None);
        var volume = new SharedVolume(temp.Combine("data"));
        var journal = volume.CameraJournalDirectory(ModuleId);

        // First instance: the transport takes motion messages and never acknowledges them; the clip ends, which ends
        // the event, then the module is stopped in order and its send queue's drain gives up.
        JournaledMotionEvent left;
        await using (var firstHub = HubWith(new JsonObject { ["source"] = clip.Path, ["realtime"] = false }))
        {
            var stalling = new StallingModuleClient(await firstHub.ClientAsync(ModuleId), CameraCaptureModule.MotionOutput);
            using var stop = new CancellationTokenSource();
            var first = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);
            var running = first.RunAsync(stalling, stop.Token);
            await Eventually.TrueAsync(() => first.State == CaptureState.Ended && stalling.StalledCount == 1, "the clip ended with motionStarted stuck in the transport", (int)Patience.TotalMilliseconds);
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
            left = JournalEntries.Read(Assert.Single(Directory.GetFiles(journal)));
        }

        // Second instance on the same volume (a new process): a source that fails at once, so only recovery sends motion.
        var logs = new RecordingLoggerProvider();
        await using var hub = HubWith(new JsonObject { ["source"] = temp.Combine("missing.mp4") });
        using var stopSecond = new CancellationTokenSource();
        var second = new CameraCaptureModule(volume, TimeProvider.System, logs.CreateLogger<CameraCaptureModule>());
        var runningSecond = second.RunAsync(await hub.ClientAsync(ModuleId), stopSecond.Token);
        await hub.WaitForAsync(r => r.OutputName == CameraCaptureModule.HealthOutput && Health(r).State == CaptureState.Failed, Patience);
        await Eventually.TrueAsync(() => Directory.GetFiles(journal).Length == 0, "the recovered entry is removed once motionEnded was sent");

        Assert.False(left.StartedSent);
        Assert.NotNull(left.Ended);
        var routed = hub.Routed.ToList();
        var motion = routed.Where(r => r.OutputName == CameraCaptureModule.MotionOutput).Select(r => r.Message).ToList();
        Assert.Equal([MessageTypes.MotionStarted, MessageTypes.MotionEnded], motion.Select(m => m.MessageType()));
        var started = motion[0].Read(ContractsJsonContext.Default.MotionStarted);
        var ended = motion[1].Read(ContractsJsonContext.Default.MotionEnded);
        Assert.Equal((left.Started.EventId, left.Started.EventId), (started.EventId, ended.EventId));
        Assert.Equal(left.Ended, ended);
        var session = Session(volume);
        Assert.InRange(started.Start - session.StartedAt, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
        Assert.InRange(ended.End - session.StartedAt, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(8));
        Assert.True(routed.FindIndex(r => r.OutputName == CameraCaptureModule.MotionOutput) < routed.FindIndex(r => r.OutputName == CameraCaptureModule.HealthOutput), "recovered events go before capture starts");
        Assert.Contains(started.EventId, Assert.Single(logs.At(LogLevel.Warning), l => l.Contains("recovered from the journal", StringComparison.Ordinal)), StringComparison.Ordinal);

        await stopSecond.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runningSecond);
    }

    [Fact]
    public async Task RunAsync_JournalAsACrashLeftItWhileTheEventWasOpen_NextInstanceEndsItAtItsLastJournaledMotion()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("journal");
        var clip = await SyntheticClip.GenerateAsync(
            temp.Combine("clip.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(12), MotionIntervals = [MotionInterval.FromSeconds(1, 11)] },
            CancellationToken.None);
        var volume = new SharedVolume(temp.Combine("data"));
        var journal = volume.CameraJournalDirectory(ModuleId);

        // The running module's journal, copied while the event is open and after at least one refresh: exactly what a
        // SIGKILL at that moment leaves on disk (each write is atomic). The first instance is then stopped and dropped.
        var crashed = new SharedVolume(temp.Combine("crashed"));
        JournaledMotionEvent left;
        await using (var firstHub = HubWith(new JsonObject { ["source"] = clip.Path, ["realtime"] = true }))
        {
            using var stop = new CancellationTokenSource();
            var first = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);
            var running = first.RunAsync(await firstHub.ClientAsync(ModuleId), stop.Token);
            await Eventually.TrueAsync(() => Refreshed(journal), "the open event's last motion was refreshed", (int)Patience.TotalMilliseconds);
            var entry = Assert.Single(Directory.GetFiles(journal, "*.json"));
            Directory.CreateDirectory(crashed.CameraJournalDirectory(ModuleId));
            File.Copy(entry, Path.Combine(crashed.CameraJournalDirectory(ModuleId), Path.GetFileName(entry)));
            left = JournalEntries.Read(Path.Combine(crashed.CameraJournalDirectory(ModuleId), Path.GetFileName(entry)));
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }

        await using var hub = HubWith(new JsonObject { ["source"] = temp.Combine("missing.mp4") });
        using var stopSecond = new CancellationTokenSource();
        var second = new CameraCaptureModule(crashed, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);
        var runningSecond = second.RunAsync(await hub.ClientAsync(ModuleId), stopSecond.Token);
        var endedMessage = (await hub.WaitForAsync(r => r.Message.MessageType() == MessageTypes.MotionEnded, Patience)).Message;
        await Eventually.TrueAsync(() => Directory.GetFiles(crashed.CameraJournalDirectory(ModuleId)).Length == 0, "the recovered entry is removed once motionEnded was sent");

        var ended = endedMessage.Read(ContractsJsonContext.Default.MotionEnded);
        output.WriteLine($"left: start {left.Started.Start:O}, last seen {left.LastSeen:O}, started sent {left.StartedSent}; recovered end {ended.End:O}");
        Assert.Null(left.Ended);
        Assert.Equal(left.Started.EventId, ended.EventId);
        Assert.Equal((left.Started.Start, left.LastSeen, left.MotionFrames), (ended.Start, ended.End, ended.MotionFrames));
        Assert.InRange(ended.End - ended.Start, MotionJournal.RefreshInterval / 2, TimeSpan.FromSeconds(10));
        var motion = hub.Routed.Where(r => r.OutputName == CameraCaptureModule.MotionOutput).Select(r => r.Message.MessageType()).ToList();
        Assert.Equal(left.StartedSent ? [MessageTypes.MotionEnded] : [MessageTypes.MotionStarted, MessageTypes.MotionEnded], motion);

        await stopSecond.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runningSecond);
    }

    [Fact]
    public async Task RunAsync_CorruptJournalFile_WarnsNamingItMovesItAsideAndStillRecoversTheOthers()
    {
        using var temp = new TempDirectory("journal");
        var volume = new SharedVolume(temp.Combine("data"));
        var crashed = new MotionJournal(volume.CameraJournalDirectory(ModuleId), TimeProvider.System, NullLogger.Instance);
        crashed.Begin(JournalEntries.Started("CameraCapture-s-0001") with { CameraId = ModuleId }, TimeSpan.FromMinutes(5));
        var corrupt = crashed.PathOf("CameraCapture-s-0002");
        File.WriteAllText(corrupt, "{\"started\":{\"cameraId\":\"Camera");
        var logs = new RecordingLoggerProvider();
        await using var hub = HubWith(new JsonObject { ["source"] = temp.Combine("missing.mp4") });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, logs.CreateLogger<CameraCaptureModule>());

        var running = module.RunAsync(await hub.ClientAsync(ModuleId), stop.Token);
        var ended = (await hub.WaitForAsync(r => r.Message.MessageType() == MessageTypes.MotionEnded, Patience)).Message.Read(ContractsJsonContext.Default.MotionEnded);

        Assert.Equal("CameraCapture-s-0001", ended.EventId);
        Assert.Single(logs.At(LogLevel.Warning), l => l.Contains(corrupt, StringComparison.Ordinal));
        Assert.True(File.Exists(corrupt + ".corrupt"));
        Assert.False(File.Exists(corrupt));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private static bool Refreshed(string journal)
    {
        var files = Directory.Exists(journal) ? Directory.GetFiles(journal, "*.json") : [];
        return files.Length == 1 && JournalEntries.Read(files[0]) is { Ended: null } entry && entry.LastSeen - entry.Started.Start >= MotionJournal.RefreshInterval / 2;
    }

    private static CaptureSession Session(SharedVolume volume)
    {
        var directory = Assert.Single(Directory.GetDirectories(volume.SpoolDirectory(ModuleId)));
        return ContractJson.Deserialize(File.ReadAllBytes(Path.Combine(directory, CaptureSession.FileName)), ContractsJsonContext.Default.CaptureSession);
    }

    private static TestHub HubWith(JsonObject desired) =>
        TestHub.Create(new Dictionary<string, string>(), new Dictionary<string, JsonObject> { [ModuleId] = desired });

    private static CameraHealth Health(RoutedMessage routed) => routed.Message.Read(ContractsJsonContext.Default.CameraHealth);
}
