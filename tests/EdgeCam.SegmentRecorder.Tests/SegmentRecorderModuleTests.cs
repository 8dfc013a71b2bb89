using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;

namespace EdgeCam.SegmentRecorder.Tests;

[Trait("Category", "Integration")]
public sealed class SegmentRecorderModuleTests : IDisposable
{
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
        var client = new FakeModuleClient(desired: new JsonObject { ["$version"] = 4, ["preRollSeconds"] = 3, ["postRollSeconds"] = 2 });
        var run = StartModule(client);
        await client.Opened.WaitAsync(Patience);

        await client.DeliverAsync("motion", Message(new MotionStarted("cam1", "evt-7", started.AddSeconds(8), 0.2, []), MessageTypes.MotionStarted));
        await client.DeliverAsync("motion", Message(new MotionEnded("cam1", "evt-7", started.AddSeconds(8), started.AddSeconds(12), 0.4, 40), MessageTypes.MotionEnded));
        var (output, message) = await client.Sent.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        Assert.Equal("clipReady", output);
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
        Assert.Contains(client.Reported, r => r["lastDesiredStatus"]?["code"]?.GetValue<int>() == 200 && r["lastDesiredStatus"]?["version"]?.GetValue<long>() == 4);
        Assert.Contains(client.Reported, r => r["clips"]?["ready"]?.GetValue<long>() == 1);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_FootageStopsBeforeWindowEnd_CutsWhatExistsOnceSessionEnded()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2, EndedAt: started.AddSeconds(10)), seconds: 10);
        var client = new FakeModuleClient();
        var run = StartModule(client);
        await client.Opened.WaitAsync(Patience);

        await client.DeliverAsync("motion", Message(new MotionEnded("cam1", "evt-8", started.AddSeconds(7), started.AddSeconds(9), 0.4, 10), MessageTypes.MotionEnded));
        var (_, message) = await client.Sent.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        var clip = ContractJson.Deserialize(message.Body.Span, ContractsJsonContext.Default.ClipReady);
        Assert.Equal(started.AddSeconds(2), clip.Start);
        Assert.InRange(clip.End, started.AddSeconds(9.9), started.AddSeconds(10.1));
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_InvalidDesiredPatch_Reports400NamingProperty()
    {
        var client = new FakeModuleClient();
        var run = StartModule(client);
        await client.Opened.WaitAsync(Patience);

        await client.PatchDesiredAsync(new JsonObject { ["$version"] = 2, ["postRollSeconds"] = 500 });

        var status = client.Reported.Last()["lastDesiredStatus"]!;
        Assert.Equal(400, status["code"]!.GetValue<int>());
        Assert.Contains("postRollSeconds", status["description"]!.GetValue<string>(), StringComparison.Ordinal);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_MalformedMotionBody_IsIgnoredAndModuleKeepsRunning()
    {
        var client = new FakeModuleClient();
        var run = StartModule(client);
        await client.Opened.WaitAsync(Patience);

        await client.DeliverAsync("motion", new ModuleMessage("{not json"u8.ToArray()) { Properties = new Dictionary<string, string> { [MessageProperties.MessageType] = MessageTypes.MotionEnded } });

        Assert.False(run.IsCompleted);
        await StopAsync(run);
    }

    private Task StartModule(FakeModuleClient client)
    {
        var module = new SegmentRecorderModule(_volume) { IndexPollInterval = TimeSpan.FromMilliseconds(100) };
        return Task.Run(() => module.RunAsync(client, _stop.Token));
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
