using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using EdgeCam.Agent.Hosting;
using EdgeCam.Agent.Upstream;
using EdgeCam.BlobBuffer;
using EdgeCam.CameraCapture;
using EdgeCam.Contracts;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.InProcess;
using EdgeCam.EventRouter;
using EdgeCam.SegmentRecorder;
using EdgeCam.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace EdgeCam.Agent.Tests.Hosting;

/// <summary>
/// A SIGTERM (host stop) while motion is in progress: the agent stops the camera first, so the open event ends and its
/// clip is cut and sent before the host finishes stopping. A 30 s synthetic camera played in real time, stopped ~2 s
/// into its motion.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentHostStopTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new("agent-stop");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task StopAsync_EventOpen_CameraStopsFirstAndTheEventsClipIsSentWithinTheBudget()
    {
        RequiredTool.Ffmpeg();
        var camera = await SyntheticClip.GenerateAsync(
            _dir.Combine("camera.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(30), MotionIntervals = [MotionInterval.FromSeconds(4, 29)] },
            CancellationToken.None);
        var template = DeploymentTemplate.Load(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json"));
        var overrides = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["CameraCapture"] = new() { ["source"] = camera.Path, ["realtime"] = true, ["loop"] = false },
        };
        using var alerts = new LocalAlertLog(_dir.Combine("alerts.jsonl"), TextWriter.Null);
        using var host = AgentHost.Build(template, overrides, AgentHost.ModuleSettings(_dir.Combine("data"), null), alerts);
        var hub = host.Services.GetRequiredService<InProcessHub>();
        var modules = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        var cameraService = modules.OfType<EdgeModuleService<CameraCaptureModule>>().Single();
        var recorderService = modules.OfType<EdgeModuleService<SegmentRecorderModule>>().Single();
        var routed = new ConcurrentQueue<(RoutedMessage Message, bool CameraStopped, bool RecorderStopped)>();
        hub.MessageRouted += (_, r) => routed.Enqueue((r, cameraService.ExecuteTask?.IsCompleted == true, recorderService.ExecuteTask?.IsCompleted == true));

        await host.StartAsync(CancellationToken.None);
        var stopOrder = new ConcurrentQueue<string>();
        foreach (var (service, name) in new (BackgroundService, string)[]
        {
            (cameraService, "CameraCapture"), (recorderService, "SegmentRecorder"),
            (modules.OfType<EdgeModuleService<BlobBufferModule>>().Single(), "BlobBuffer"),
            (modules.OfType<EdgeModuleService<EventRouterModule>>().Single(), "EventRouter"),
        })
        {
            _ = service.ExecuteTask!.ContinueWith(_ => stopOrder.Enqueue(name), TaskScheduler.Default);
        }

        var eventId = await WaitForMotionStartedAsync(routed);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(routed, r => Type(r.Message) == MessageTypes.MotionEnded);
        var stopwatch = Stopwatch.StartNew();
        await host.StopAsync(CancellationToken.None);
        var stopSeconds = stopwatch.Elapsed.TotalSeconds;

        await Eventually.TrueAsync(() => stopOrder.Count == 4, "every module's run ended");
        Assert.Equal(["CameraCapture", "SegmentRecorder", "BlobBuffer", "EventRouter"], stopOrder.ToArray());
        Assert.Contains(routed, r => Type(r.Message) == MessageTypes.MotionEnded && EventIdOf(r.Message) == eventId);
        var clip = Assert.Single(routed, r => r.Message.FromModuleId == "SegmentRecorder" && r.Message.OutputName == SegmentRecorderModule.ClipReadyOutput);
        Assert.Equal(eventId, EventIdOf(clip.Message));
        Assert.True(clip.CameraStopped && !clip.RecorderStopped, "the clip should be sent after CameraCapture stopped and before SegmentRecorder did");
        var clipSeconds = (clip.Message.RoutedAt - routed.Single(r => Type(r.Message) == MessageTypes.MotionEnded).Message.RoutedAt).TotalSeconds;
        output.WriteLine($"host stop took {stopSeconds:0.00} s; clipReady {clipSeconds:0.00} s after motionEnded");
        Assert.True(stopwatch.Elapsed < EdgeModuleDefaults.ShutdownTimeout, $"the stop took {stopSeconds:0.0} s, over the {EdgeModuleDefaults.ShutdownTimeout.TotalSeconds} s budget");
    }

    private static async Task<string> WaitForMotionStartedAsync(ConcurrentQueue<(RoutedMessage Message, bool, bool)> routed)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (routed.FirstOrDefault(r => Type(r.Message) == MessageTypes.MotionStarted) is { Message: { } started })
            {
                return EventIdOf(started);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no motionStarted within {Patience.TotalSeconds} s");
    }

    private static string? Type(RoutedMessage routed) =>
        routed.FromModuleId == "CameraCapture" && routed.OutputName == "motion" && routed.Message.Properties.TryGetValue(MessageProperties.MessageType, out var type) ? type : null;

    private static string EventIdOf(RoutedMessage routed) =>
        JsonNode.Parse(routed.Message.Body.Span)!["eventId"]!.GetValue<string>();
}
