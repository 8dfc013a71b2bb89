using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;

namespace EdgeCam.SegmentRecorder.Tests;

[Trait("Category", "Integration")]
public sealed partial class SegmentRecorderModuleTests : IDisposable
{
    private const string ModuleId = "SegmentRecorder";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new("recorder");
    private readonly SharedVolume _volume;
    private readonly CancellationTokenSource _stop = new();

    public SegmentRecorderModuleTests()
    {
        _volume = new SharedVolume(_dir.Path);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task RunAsync_MotionEnded_SendsClipReadyWithClipFields()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2), seconds: 20);
        await using var hub = CreateHub(new JsonObject { ["$version"] = 4, ["preRollSeconds"] = 3, ["postRollSeconds"] = 2 });
        var (run, camera) = await StartModuleAsync(hub);

        await camera.SendAsync("motion", Message(new MotionStarted("cam1", "evt-7", started.AddSeconds(8), 0.2, []), MessageTypes.MotionStarted), CancellationToken.None);
        await camera.SendAsync("motion", Message(new MotionEnded("cam1", "evt-7", started.AddSeconds(8), started.AddSeconds(12), 0.4, 40), MessageTypes.MotionEnded), CancellationToken.None);
        var routed = await hub.WaitForAsync(r => r.FromModuleId == ModuleId, Patience);
        var message = routed.Message;

        Assert.Equal("clipReady", routed.OutputName);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("utf-8", message.ContentEncoding);
        Assert.Equal(MessageTypes.ClipReady, message.Properties[MessageProperties.MessageType]);
        Assert.Equal("1", message.Properties[MessageProperties.SchemaVersion]);
        Assert.Equal("cam1", message.Properties[MessageProperties.CameraId]);
        var clip = ContractJson.Deserialize(message.Body.Span, ContractsJsonContext.Default.ClipReady);
        Assert.Equal(("cam1", "evt-7", "clips/cam1/evt-7.mp4"), (clip.CameraId, clip.EventId, clip.ClipPath));
        Assert.InRange(clip.Start, started.AddSeconds(8 - 3 - SpoolWriter.KeyframeIntervalSeconds), started.AddSeconds(8 - 3));
        Assert.InRange(clip.End, started.AddSeconds(12 + 2 - 0.1), started.AddSeconds(12 + 2 + SpoolWriter.KeyframeIntervalSeconds));
        Assert.Equal(new FileInfo(_volume.Resolve(clip.ClipPath)).Length, clip.SizeBytes);
        var reported = await hub.WaitForReportedAsync(ModuleId, r => r["clips"]?["ready"]?.GetValue<long>() == 1, Patience);
        Assert.Equal((200, 4L), (reported["lastDesiredStatus"]!["code"]!.GetValue<int>(), reported["lastDesiredStatus"]!["version"]!.GetValue<long>()));
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_FootageStopsBeforeWindowEnd_CutsWhatExistsOnceSessionEnded()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2, EndedAt: started.AddSeconds(10)), seconds: 10);
        await using var hub = CreateHub();
        var (run, camera) = await StartModuleAsync(hub);

        await camera.SendAsync("motion", Message(new MotionEnded("cam1", "evt-8", started.AddSeconds(7), started.AddSeconds(9), 0.4, 10), MessageTypes.MotionEnded), CancellationToken.None);
        var routed = await hub.WaitForAsync(r => r.FromModuleId == ModuleId, Patience);

        var clip = ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipReady);
        Assert.Equal(started.AddSeconds(2), clip.Start);
        Assert.InRange(clip.End, started.AddSeconds(9.9), started.AddSeconds(10.1));
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_StoppedWhileClipWaitsForFootage_CutsWhatExistsBeforeReturning()
    {
        // The session is still open and the window ends after its footage: without the stop the job would wait for it.
        var started = DateTimeOffset.UtcNow.AddSeconds(-22);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2), seconds: 20);
        await using var hub = CreateHub(new JsonObject { ["preRollSeconds"] = 3, ["postRollSeconds"] = 5, ["clipTimeoutSeconds"] = 120 });
        // A drain long enough for a slow machine to cut the clip (9 ffmpeg/ffprobe runs), far shorter than the wait for
        // footage that will not come (window end + the 120 s clip timeout): a stop that waited for it would overrun.
        var drain = TimeSpan.FromSeconds(25);
        var (run, camera) = await StartModuleAsync(hub, stopDrainTimeout: drain);
        await camera.SendAsync("motion", Message(new MotionEnded("cam1", "evt-10", started.AddSeconds(15), started.AddSeconds(19), 0.4, 40), MessageTypes.MotionEnded), CancellationToken.None);
        await Task.Delay(500);
        Assert.DoesNotContain(hub.Routed, r => r.FromModuleId == ModuleId);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await StopAsync(run);
        stopwatch.Stop();

        var routed = Assert.Single(hub.Routed, r => r.FromModuleId == ModuleId);
        var clip = ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipReady);
        Assert.Equal("evt-10", clip.EventId);
        Assert.InRange(clip.End, started.AddSeconds(19.9), started.AddSeconds(20.1));
        Assert.True(stopwatch.Elapsed < drain, $"the stop took {stopwatch.Elapsed.TotalSeconds:0.0} s, more than the {drain.TotalSeconds} s drain timeout");
    }

    [Fact]
    public async Task RunAsync_InvalidDesiredPatch_Reports400NamingProperty()
    {
        await using var hub = CreateHub();
        var (run, _) = await StartModuleAsync(hub);

        await hub.Hub.UpdateDesiredPropertiesAsync(ModuleId, new JsonObject { ["postRollSeconds"] = 500 }, CancellationToken.None);

        var status = hub.Hub.GetReportedProperties(ModuleId)["lastDesiredStatus"]!;
        Assert.Equal((400, 2L), (status["code"]!.GetValue<int>(), status["version"]!.GetValue<long>()));
        Assert.Contains("postRollSeconds", status["description"]!.GetValue<string>(), StringComparison.Ordinal);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_MalformedMotionBody_IsIgnoredAndModuleKeepsRunning()
    {
        await using var hub = CreateHub();
        var (run, camera) = await StartModuleAsync(hub);

        await camera.SendAsync("motion", new ModuleMessage("{not json"u8.ToArray()) { Properties = new Dictionary<string, string> { [MessageProperties.MessageType] = MessageTypes.MotionEnded } }, CancellationToken.None);
        await hub.DrainAsync();

        Assert.False(run.IsCompleted);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_ClipUploaded_MarksTheLocalClipButNothingOutsideClips()
    {
        var clip = Path.Combine(_volume.ClipsDirectory("cam1"), "evt-9.mp4");
        var segment = Path.Combine(_volume.SessionDirectory("cam1", "s1"), "seg_000001.ts");
        Directory.CreateDirectory(Path.GetDirectoryName(clip)!);
        Directory.CreateDirectory(Path.GetDirectoryName(segment)!);
        await File.WriteAllBytesAsync(clip, new byte[100]);
        await File.WriteAllBytesAsync(segment, new byte[100]);
        await using var hub = CreateHub();
        var (run, camera) = await StartModuleAsync(hub);

        await camera.SendAsync("uploaded", Message(Uploaded("spool/cam1/s1/seg_000001.ts"), MessageTypes.ClipUploaded), CancellationToken.None);
        await camera.SendAsync("uploaded", Message(Uploaded("clips/cam1/evt-9.mp4"), MessageTypes.ClipUploaded), CancellationToken.None);
        await hub.DrainAsync();

        Assert.True(File.Exists(clip), "the local copy stays for playback until retention needs the room");
        Assert.True(File.Exists(clip + ".uploaded"), "the uploaded clip should carry its mark");
        Assert.False(File.Exists(segment + ".uploaded"), "a path outside clips/ must never be marked");
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_SegmentsKeepClosing_SizeBoundHoldsWithinOneSegment()
    {
        const long segmentBytes = 16L * 1024 * 1024;
        const long bound = 64L * 1024 * 1024; // the smallest retentionMaxBytes
        var session = new CaptureSession("cam1", "s1", DateTimeOffset.UtcNow.AddMinutes(-1), 2);
        SpoolWriter.WriteSession(_volume, session);
        await using var hub = CreateHub(new JsonObject { ["retentionMaxBytes"] = bound });
        var (run, _) = await StartModuleAsync(hub, retentionInterval: TimeSpan.FromHours(1)); // only segment closes can trigger a pass
        long peak = 0;

        for (var i = 1; i <= 10; i++)
        {
            SpoolWriter.AppendSparse(_volume, session, i, 2, segmentBytes);
            peak = Math.Max(peak, SpoolBytes());
            await Eventually.TrueAsync(() => SpoolBytes() <= bound, $"retention brought the spool under the bound after segment {i}", 10_000);
        }

        Assert.InRange(peak, 0, bound + segmentBytes);
        var reported = await hub.WaitForReportedAsync(ModuleId, r => r["retention"]?["evictedSegments"]?.GetValue<long>() == 6, Patience);
        Assert.Equal(4, reported["retention"]!["segments"]!.GetValue<int>());
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_FreeSpaceBelowFloor_EvictsAndReportsFloorState()
    {
        const long segmentBytes = 16L * 1024 * 1024;
        var session = new CaptureSession("cam1", "s1", DateTimeOffset.UtcNow.AddMinutes(-1), 2);
        SpoolWriter.WriteSession(_volume, session);
        var space = new FakeFreeSpace(_dir.Path, totalBytes: 1L << 30, otherBytes: (1L << 30) - (100L * 1024 * 1024)); // 100 MiB free before our segments
        await using var hub = CreateHub(new JsonObject { ["minFreeBytes"] = 64L * 1024 * 1024, ["minFreePercent"] = 0 });
        var (run, _) = await StartModuleAsync(hub, retentionInterval: TimeSpan.FromHours(1), freeSpace: space);

        for (var i = 1; i <= 5; i++)
        {
            SpoolWriter.AppendSparse(_volume, session, i, 2, segmentBytes); // the 3rd leaves 52 MiB free: below the 64 MiB floor
            await Eventually.TrueAsync(() => space.Read()!.FreeBytes >= 64L * 1024 * 1024, $"the floor was restored after segment {i}", 10_000);
        }

        var reported = await hub.WaitForReportedAsync(ModuleId, r => r["retention"]?["floor"]?.GetValue<string>() == "evicting", Patience);
        Assert.Equal(64L * 1024 * 1024, reported["retention"]!["floorBytes"]!.GetValue<long>());
        Assert.Equal(2, reported["retention"]!["segments"]!.GetValue<int>());
        await StopAsync(run);
    }

    private long SpoolBytes() =>
        Directory.EnumerateFiles(_volume.SpoolDirectory("cam1"), "*.ts", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private static ClipUploaded Uploaded(string clipPath) =>
        new("cam1", "evt-9", clipPath, "http://127.0.0.1:10000/devstoreaccount1/edgecam", "cam1/2026/11/21/evt-9.mp4", 100, "AAAA", DateTimeOffset.UtcNow);

    private static TestHub CreateHub(JsonObject? desired = null) => TestHub.Create(
        new Dictionary<string, string>
        {
            ["motion"] = $"FROM /messages/modules/cam1/outputs/motion INTO BrokeredEndpoint(\"/modules/{ModuleId}/inputs/motion\")",
            ["uploaded"] = $"FROM /messages/modules/cam1/outputs/uploaded INTO BrokeredEndpoint(\"/modules/{ModuleId}/inputs/uploaded\")",
            ["trigger"] = $"FROM /messages/modules/cam1/outputs/trigger INTO BrokeredEndpoint(\"/modules/{ModuleId}/inputs/trigger\")",
        },
        new Dictionary<string, JsonObject> { [ModuleId] = desired ?? [] });

    // Starts the module on the hub and returns once it is open (it reported its desired status), with the camera's client.
    private async Task<(Task Run, IModuleClient Camera)> StartModuleAsync(
        TestHub hub, TimeSpan? retentionInterval = null, FakeFreeSpace? freeSpace = null, TimeSpan? stopDrainTimeout = null)
    {
        var module = new SegmentRecorderModule(_volume, freeSpace: freeSpace)
        {
            IndexPollInterval = TimeSpan.FromMilliseconds(100),
            RetentionInterval = retentionInterval ?? TimeSpan.FromMinutes(1),
            StopDrainTimeout = stopDrainTimeout ?? TimeSpan.FromSeconds(5),
        };
        var client = await hub.ClientAsync(ModuleId);
        var run = Task.Run(() => module.RunAsync(client, _stop.Token));
        await hub.WaitForReportedAsync(ModuleId, r => r["lastDesiredStatus"] is not null, Patience);
        return (run, await hub.ClientAsync("cam1"));
    }

    private async Task StopAsync(Task run)
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));
    }

    private static ModuleMessage Message<T>(T body, string type)
    {
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)ContractsJsonContext.Default.GetTypeInfo(typeof(T))!;
        return ContractMessage.Create(body, info, type, "cam1");
    }
}
