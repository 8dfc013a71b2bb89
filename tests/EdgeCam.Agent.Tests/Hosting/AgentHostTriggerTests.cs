using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using EdgeCam.Agent.Hosting;
using EdgeCam.Agent.Upstream;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Contracts.Triggers;
using EdgeCam.DevKit.Storage;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Media.Clips;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EdgeCam.Agent.Tests.Hosting;

/// <summary>
/// Issue 10 part 4 end to end in the agent: a camera with no scripted motion (a 60 s synthetic clip played in real time),
/// EventRouter's <c>trigger</c> direct method called once, and the trigger's clip, with the pre-roll before the call,
/// found in a real Azurite with the local file's MD5; all through the routes of deployment.template.json.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentHostTriggerTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The synthetic clip has one keyframe per second (GOP = frame rate): copy-mode cuts snap to keyframes.</summary>
    private const double KeyframeIntervalSeconds = 1.0;
    private const double TriggerSeconds = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new("agent-trigger");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TriggerMethod_CameraWithoutMotion_ClipWithPreRollAndDurationInStorage()
    {
        RequiredTool.Ffmpeg();
        var camera = await SyntheticClip.GenerateAsync(
            _dir.Combine("camera.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(60), MotionIntervals = [] },
            CancellationToken.None);
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var templatePath = Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json");
        var template = DeploymentTemplate.Load(templatePath);
        var preRoll = (double)JsonNode.Parse(File.ReadAllText(templatePath))!["modulesContent"]!["SegmentRecorder"]!["properties.desired"]!["preRollSeconds"]!;
        var overrides = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["CameraCapture"] = new() { ["source"] = camera.Path, ["realtime"] = true, ["loop"] = false },
        };
        var volume = new Contracts.SharedVolume(_dir.Combine("volume"));
        Directory.CreateDirectory(volume.Root);
        using var alerts = new LocalAlertLog(_dir.Combine("alerts.jsonl"), TextWriter.Null);
        using var host = AgentHost.Build(template, overrides, AgentHost.ModuleSettings(volume.Root, azurite.ConnectionString), alerts);
        var hub = host.Services.GetRequiredService<InProcessHub>();
        var routed = new ConcurrentQueue<RoutedMessage>();
        hub.MessageRouted += (_, r) => routed.Enqueue(r);
        await host.StartAsync(CancellationToken.None);
        try
        {
            // Enough footage for the pre-roll: more closed segments than the pre-roll spans (4 s each by default).
            await Eventually.TrueAsync(
                () => Directory.Exists(volume.SpoolDirectory("CameraCapture"))
                    && Directory.EnumerateFiles(volume.SpoolDirectory("CameraCapture"), "*.ts", SearchOption.AllDirectories).Count() >= 3,
                "the camera recorded three segments",
                60_000);

            var response = await hub.InvokeMethodAsync("EventRouter", "trigger", $$"""{"cameraId":"CameraCapture","seconds":{{TriggerSeconds}},"reason":"doorbell","triggerId":"door-1"}""", CancellationToken.None);
            Assert.True(response.Status == 200, response.PayloadText);
            var triggerTime = DateTimeOffset.Parse((string)JsonNode.Parse(response.PayloadText)!["time"]!, System.Globalization.CultureInfo.InvariantCulture);
            var uploadedMessage = await WaitForAsync(routed, r => r.OutputName == "uploaded" && r.Message.BodyText.Contains("trigger-door-1", StringComparison.Ordinal));

            var clip = routed.Where(r => r.OutputName == "clipReady").Select(r => r.Message.Read(ContractsJsonContext.Default.ClipReady)).Single(c => c.EventId == "trigger-door-1");
            var uploaded = uploadedMessage.Message.Read(ContractsJsonContext.Default.ClipUploaded);
            output.WriteLine($"trigger at {triggerTime:O}; clip {clip.Start:O} to {clip.End:O} ({clip.Duration.TotalSeconds:F1} s); blob {uploaded.BlobName}");
            Assert.Equal(("CameraCapture", "trigger-door-1"), (clip.CameraId, clip.EventId));
            Assert.Equal(new ClipTrigger("door-1", "method", "doorbell"), clip.Trigger);
            Assert.True(clip.Start <= triggerTime.AddSeconds(-preRoll + KeyframeIntervalSeconds), $"clip starts at {clip.Start:O}, the trigger was at {triggerTime:O}: less than {preRoll} s pre-roll");
            Assert.True(clip.End >= triggerTime.AddSeconds(TriggerSeconds - KeyframeIntervalSeconds), $"clip ends at {clip.End:O}, the trigger asked for {TriggerSeconds} s after {triggerTime:O}");

            var local = volume.Resolve(clip.ClipPath);
            var onDisk = await new MediaProbe().ReadTimesAsync(local, CancellationToken.None);
            Assert.InRange(onDisk.DurationSeconds, preRoll + TriggerSeconds - (2 * KeyframeIntervalSeconds), clip.Duration.TotalSeconds + 0.2);
            var storage = new BlobContainerClient(azurite.ConnectionString, "edgecam", new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05));
            var remote = (await storage.GetBlobClient(uploaded.BlobName).DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(Convert.ToBase64String(MD5.HashData(await File.ReadAllBytesAsync(local))), Convert.ToBase64String(MD5.HashData(remote)));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<RoutedMessage> WaitForAsync(ConcurrentQueue<RoutedMessage> routed, Func<RoutedMessage, bool> predicate)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!timeout.IsCancellationRequested)
        {
            if (routed.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }

            await Task.Delay(200, CancellationToken.None);
        }

        throw new TimeoutException($"not routed within {Patience.TotalSeconds} s; routed: {string.Join(", ", routed.Select(r => $"{r.FromModuleId}/{r.OutputName}"))}");
    }
}
