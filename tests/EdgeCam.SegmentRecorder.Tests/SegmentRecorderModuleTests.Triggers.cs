using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Contracts.Triggers;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;
using System.Text.Json.Nodes;

namespace EdgeCam.SegmentRecorder.Tests;

// Issue 10 part 4: a trigger (a doorbell, an alarm panel, an EventRouter rule) keeps a clip through the motion clip path.
public sealed partial class SegmentRecorderModuleTests
{
    [Fact]
    public async Task RunAsync_Trigger_SendsClipReadyNamingTheTriggerWithItsPreRollAndDuration()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2), seconds: 20);
        await using var hub = CreateHub(new JsonObject { ["preRollSeconds"] = 3, ["postRollSeconds"] = 5 });
        var (run, sender) = await StartModuleAsync(hub);

        var trigger = new RecordingTrigger("cam1", "door-1", started.AddSeconds(10), DurationSeconds: 4, Source: "method", Reason: "doorbell", PreRollSeconds: 6);
        await sender.SendAsync("trigger", Message(trigger, MessageTypes.RecordingTrigger), CancellationToken.None);
        var routed = await hub.WaitForAsync(r => r.FromModuleId == ModuleId, Patience);

        var clip = ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipReady);
        Assert.Equal(("trigger-door-1", "clips/cam1/trigger-door-1.mp4"), (clip.EventId, clip.ClipPath));
        Assert.Equal(new ClipTrigger("door-1", "method", "doorbell"), clip.Trigger);
        // The trigger's own pre-roll (6 s, not the twin's 3) and its duration (no post-roll after it).
        Assert.InRange(clip.Start, started.AddSeconds(10 - 6 - SpoolWriter.KeyframeIntervalSeconds), started.AddSeconds(10 - 6));
        Assert.InRange(clip.End, started.AddSeconds(14 - 0.1), started.AddSeconds(14 + SpoolWriter.KeyframeIntervalSeconds));
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_TriggerDuringAMotionEvent_KeepsItsOwnClipBesideTheEventsClip()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2), seconds: 20);
        await using var hub = CreateHub(new JsonObject { ["preRollSeconds"] = 2, ["postRollSeconds"] = 2 });
        var (run, sender) = await StartModuleAsync(hub);

        await sender.SendAsync("motion", Message(new MotionStarted("cam1", "evt-door", started.AddSeconds(8), 0.2, []), MessageTypes.MotionStarted), CancellationToken.None);
        await sender.SendAsync("trigger", Message(new RecordingTrigger("cam1", "door-2", started.AddSeconds(10), 3, "method"), MessageTypes.RecordingTrigger), CancellationToken.None);
        await sender.SendAsync("motion", Message(new MotionEnded("cam1", "evt-door", started.AddSeconds(8), started.AddSeconds(14), 0.4, 30), MessageTypes.MotionEnded), CancellationToken.None);
        await hub.WaitForAsync(r => r.FromModuleId == ModuleId && ClipOf(r.Message).EventId == "evt-door", Patience);

        var clips = hub.Routed.Where(r => r.FromModuleId == ModuleId).Select(r => ClipOf(r.Message)).ToList();
        Assert.Equal(["trigger-door-2", "evt-door"], clips.Select(c => c.EventId));
        Assert.Equal("door-2", clips[0].Trigger?.TriggerId);
        Assert.Null(clips[1].Trigger);
        Assert.InRange(clips[1].End, started.AddSeconds(16 - 0.1), started.AddSeconds(16 + SpoolWriter.KeyframeIntervalSeconds));
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_SameTriggerIdAfterARestart_RecordsNoSecondClip()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2), seconds: 20);
        var door = Message(new RecordingTrigger("cam1", "door-3", started.AddSeconds(6), 3, "mqtt"), MessageTypes.RecordingTrigger);
        await using (var hub1 = CreateHub())
        {
            using var stop1 = new CancellationTokenSource();
            var first = new SegmentRecorderModule(_volume) { IndexPollInterval = TimeSpan.FromMilliseconds(100) };
            var (run1, sender1) = await StartAsync(hub1, first, await hub1.ClientAsync(ModuleId), stop1.Token);
            await sender1.SendAsync("trigger", door, CancellationToken.None);
            await hub1.WaitForAsync(r => r.FromModuleId == ModuleId, Patience);
            await Eventually.TrueAsync(() => !File.Exists(first.Journal.PathOf("trigger-door-3")), "the finished trigger job left the journal", 10_000);
            await stop1.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run1.WaitAsync(Patience));
        }

        await using var hub2 = CreateHub();
        var restarted = new SegmentRecorderModule(_volume) { IndexPollInterval = TimeSpan.FromMilliseconds(100) };
        var (run2, sender2) = await StartAsync(hub2, restarted, await hub2.ClientAsync(ModuleId), _stop.Token);
        await sender2.SendAsync("trigger", door, CancellationToken.None);
        await sender2.SendAsync("trigger", Message(new RecordingTrigger("cam1", "door-4", started.AddSeconds(12), 3, "mqtt"), MessageTypes.RecordingTrigger), CancellationToken.None);

        // Jobs are cut in the order they came: had door-3 been recorded again, its clip would come before door-4's.
        var routed = await hub2.WaitForAsync(r => r.FromModuleId == ModuleId, Patience);
        Assert.Equal("trigger-door-4", ClipOf(routed.Message).EventId);
        await StopAsync(run2);
        Assert.Single(hub2.Routed, r => r.FromModuleId == ModuleId);
    }

    [Theory]
    [InlineData("""{"cameraId":"cam1","triggerId":"../x","time":"2026-11-21T12:00:00Z","durationSeconds":5,"source":"method"}""")]
    [InlineData("""{"cameraId":"cam1","triggerId":"t-1","time":"2026-11-21T12:00:00Z","durationSeconds":0,"source":"method"}""")]
    [InlineData("""{"cameraId":"cam1","triggerId":"t-1","durationSeconds":5}""")]
    public async Task RunAsync_InvalidTrigger_IsIgnoredAndTheNextOneStillRecords(string body)
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2), seconds: 20);
        await using var hub = CreateHub();
        var (run, sender) = await StartModuleAsync(hub);

        await sender.SendAsync("trigger", new Edge.Messaging.ModuleMessage(System.Text.Encoding.UTF8.GetBytes(body)), CancellationToken.None);
        await sender.SendAsync("trigger", Message(new RecordingTrigger("cam1", "ok-1", started.AddSeconds(8), 2, "method"), MessageTypes.RecordingTrigger), CancellationToken.None);
        var routed = await hub.WaitForAsync(r => r.FromModuleId == ModuleId, Patience);

        Assert.Equal("trigger-ok-1", ClipOf(routed.Message).EventId);
        await StopAsync(run);
        Assert.Single(hub.Routed, r => r.FromModuleId == ModuleId);
    }

    private static ClipReady ClipOf(Edge.Messaging.ModuleMessage message) =>
        ContractJson.Deserialize(message.Body.Span, ContractsJsonContext.Default.ClipReady);
}
