using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.Agent.Demo;
using EdgeCam.Agent.Tests.Demo;
using EdgeCam.Containers.Tests.Docker;
using EdgeCam.Containers.Tests.Modules;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using Xunit.Abstractions;

namespace EdgeCam.Containers.Tests.Deployment;

/// <summary>
/// The deployment of deployment.template.json, run for real: the four module images as containers on the host network,
/// each with its IoT Edge identity and workload socket, the shared volume bound from a folder owned by UID 1654, a
/// <see cref="TestEdgeHub"/> applying the template's routes between them, Azurite for BlobBuffer, and CameraCapture
/// playing a 63 s synthetic camera in real time with three known motion intervals. In the middle of the run
/// SegmentRecorder is updated to a new image, as edgeAgent does it: the same end-to-end checks as the demo must hold
/// for the events before, across and after the update.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ModuleImagesCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class DeploymentTests(ModuleImagesFixture images, ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// The module updated mid-run. SegmentRecorder, because loss would show there first: it holds the open event of the
    /// camera (journaled) and the clip jobs still to cut, and its input receives the event's end while it is down.
    /// </summary>
    private const string UpdatedModule = "SegmentRecorder";

    /// <summary>The synthetic clip has one keyframe per second (GOP = frame rate).</summary>
    private const double KeyframeIntervalSeconds = 1.0;

    private const string CameraInContainer = "/var/lib/edgecam-camera/camera.mp4";
    private const int AppUser = 1654;

    /// <summary>
    /// The first after the 5 s pre-roll. An event ends 10 s (the template's event gap) after its last motion, when its
    /// post-roll is on disk already, so event 1 is clipped and uploaded about 20 s in, before event 2 starts and the
    /// update begins; event 2 ends (at about 47 s) while SegmentRecorder is down; event 3 is ended when the file ends.
    /// </summary>
    private static readonly MotionInterval[] Truth =
    [
        MotionInterval.FromSeconds(6, 10),
        MotionInterval.FromSeconds(33, 37),
        MotionInterval.FromSeconds(51, 55),
    ];

    /// <summary>The routes this run must use: every route of the template except the recorder's storage health (its volume never falls below the floor here).</summary>
    private static readonly string[] RoutesTheRunNeeds =
        ["motionToRecorder", "motionToRouter", "healthToRouter", "clipsToBuffer", "clipsToRouter", "uploadsToRouter", "uploadsToRecorder", "alertsUpstream"];

    private static readonly TimeSpan CameraLength = TimeSpan.FromSeconds(63);
    private readonly TempDirectory _dir = new("edgecam-deployment");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Deployment_FourModuleContainersRoutedAndRecorderUpdatedMidRun_OneEventClipUploadAndAlertPerInterval()
    {
        var ct = CancellationToken.None;
        var clock = Stopwatch.StartNew();
        var timings = new List<string>();
        var root = RequiredTool.RepositoryRoot();
        var templatePath = Path.Combine(root, "deployment.template.json");
        var template = DeploymentTemplate.Load(templatePath);
        var recorder = template.DesiredPropertiesOf("SegmentRecorder");
        var (preRoll, postRoll) = ((double)recorder["preRollSeconds"]!, (double)recorder["postRollSeconds"]!);

        RequiredTool.Ffmpeg();
        var rendering = SyntheticClip.GenerateAsync(_dir.Combine("camera.mp4"), new SyntheticClipOptions { Duration = CameraLength, MotionIntervals = Truth }, ct);
        var volume = _dir.Combine("volume");
        Directory.CreateDirectory(volume);
        await OwnByAppUserAsync(volume, ct);
        var updatedImage = await BuildUpdatedImageAsync(ct);
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, ct);
        timings.Add($"updated image, Azurite: {clock.Elapsed.TotalSeconds:F1} s");

        // The demo's overrides: the camera is the synthetic file, played once in real time.
        var overrides = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["CameraCapture"] = new() { ["source"] = CameraInContainer, ["realtime"] = true, ["loop"] = false },
        };
        await using var hub = await TestEdgeHub.StartAsync(template, overrides, ct);
        var progress = new PipelineProgress();
        hub.MessageRouted += (_, routed) => progress.Observe(routed);
        await using var agent = new TestEdgeAgent(images.Docker, hub, templatePath, volume, new Dictionary<string, string> { ["STORAGE_CONNECTION_STRING"] = azurite.ConnectionString });
        var modules = agent.StartupGroups.SelectMany(g => g).ToList();
        var oldLogs = string.Empty;

        try
        {
            // edgeAgent's startupOrder (CameraCapture last). Each group waits until its modules asked for their twin
            // (connected and subscribed): Mosquitto drops a message for a session that does not exist yet, edgeHub would not.
            foreach (var group in agent.StartupGroups)
            {
                foreach (var module in group)
                {
                    IReadOnlyList<string> camerasFile = module == "CameraCapture" ? [CameraBind(await rendering)] : [];
                    await agent.StartAsync(module, ModuleImage.Named(module).Tag, camerasFile, ct);
                }

                await WaitAsync(() => group.All(m => hub.TwinGetsOf(m) > 0), $"{string.Join(", ", group)} connect to their edgeHub broker and read their twin", TimeSpan.FromSeconds(60));
            }

            timings.Add($"four containers connected: {clock.Elapsed.TotalSeconds:F1} s");

            // The update starts when the second event starts: all four have run together for about 28 s.
            await WaitAsync(() => progress.Snapshot().Started.Count >= 2, "the second motion event starts", TimeSpan.FromSeconds(90));
            foreach (var module in modules)
            {
                var processes = await agent.ResidentMemoryAsync(module, ct);
                timings.Add($"RSS {module}: {processes.Sum(p => p.Bytes) / 1e6:F1} MB ({string.Join(", ", processes.Select(p => $"{p.Command} {p.Bytes / 1e6:F1}"))})");
            }

            var secondEvent = progress.Snapshot().Started[1].EventId;
            var oldImage = await agent.ImageIdAsync(UpdatedModule, ct);
            oldLogs = await agent.StopAsync(UpdatedModule, ct);
            var stoppedAt = DateTimeOffset.UtcNow;
            timings.Add($"{UpdatedModule} stopped: {clock.Elapsed.TotalSeconds:F1} s");

            // Down until the second event's end was routed to it: the message waits in its session.
            await WaitAsync(() => progress.Snapshot().Ended.ContainsKey(secondEvent), "the second motion event ends", TimeSpan.FromSeconds(60));
            var endedWhileDown = hub.Routed.Single(r => r.Message.MessageType() == MessageTypes.MotionEnded && r.Message.MessageId == secondEvent + ":ended");
            await agent.StartAsync(UpdatedModule, updatedImage, [], ct);
            var restartedAt = DateTimeOffset.UtcNow;
            timings.Add($"{UpdatedModule} started from the new image: {clock.Elapsed.TotalSeconds:F1} s");
            Assert.NotEqual(oldImage, await agent.ImageIdAsync(UpdatedModule, ct));
            Assert.InRange(endedWhileDown.RoutedAt, stoppedAt, restartedAt);

            var settled = await TryWaitAsync(
                () =>
                {
                    var s = progress.Snapshot();
                    return s.CamerasEnded && s.Started.Count >= Truth.Length && s.AllEventsClipped && s.NotUploaded.Count == 0
                        && s.Clips.Values.All(c => File.Exists(Path.Combine(volume, c.ClipPath + ".uploaded")))
                        && AlertsUpstream(hub).Count >= s.Started.Count;
                },
                TimeSpan.FromSeconds(120));

            // The template's routes carried the run: a route missing from the template is named here.
            var used = hub.RouteUse;
            Assert.All(RoutesTheRunNeeds, route => Assert.True(used.ContainsKey(route), $"route '{route}' carried no message; used: {string.Join(", ", used.Keys)}"));
            var state = progress.Snapshot();
            Assert.True(
                settled,
                $"within 120 s the camera did not end with every event clipped, uploaded, marked uploaded by the recorder and alerted upstream: "
                + $"camera ended {state.CamerasEnded}, {state.Started.Count} events, {state.Clips.Count} clips, {state.Uploads.Count} uploads, "
                + $"{state.Clips.Values.Count(c => File.Exists(Path.Combine(volume, c.ClipPath + ".uploaded")))} marked uploaded, {AlertsUpstream(hub).Count} alerts upstream");
            timings.Add($"pipeline settled: {clock.Elapsed.TotalSeconds:F1} s");

            var snapshot = progress.Snapshot();
            var alertLog = Path.Combine(_dir.Path, "alerts.jsonl");
            await File.WriteAllLinesAsync(alertLog, AlertsUpstream(hub).Select(m => m.BodyText), ct);
            var summary = DemoSummary.From(
                snapshot, (await rendering).Path, null, SessionStart(volume), "Azurite", null, new DemoFiles(volume, alertLog, _dir.Combine("summary.json"), null));

            // Every interval gave exactly one event, starting within 1 s of the truth.
            Assert.Equal(Truth.Length, summary.Events.Count);
            foreach (var truth in Truth)
            {
                var matching = summary.Events.Count(e => Math.Abs(e.StartSeconds - truth.Start.TotalSeconds) <= 1.0);
                Assert.True(matching == 1, $"interval {truth.Start.TotalSeconds}-{truth.End.TotalSeconds} s matched {matching} events: {DemoRunAudit.Events(summary)}");
            }

            // Each clip in Azurite with the disk's MD5, one alert per event upstream (the demo's checks).
            await DemoRunAudit.ClipsStoredAndAlertedAsync(summary, _dir.Path, azurite.ConnectionString, preRoll, postRoll, KeyframeIntervalSeconds);

            // The events across and after the update were clipped by the new container.
            foreach (var eventId in summary.Events.Skip(1).Select(e => e.EventId))
            {
                var clipReady = hub.Routed.Single(r => r.FromModuleId == UpdatedModule && r.Message.MessageType() == MessageTypes.ClipReady && r.Message.MessageId!.Contains(eventId, StringComparison.Ordinal));
                Assert.True(clipReady.RoutedAt > restartedAt, $"the clip of {eventId} was sent at {clipReady.RoutedAt:O}, before the new {UpdatedModule} started at {restartedAt:O}");
            }

            Assert.Empty(hub.Problems);
            timings.Add($"checked: {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (var line in timings)
            {
                output.WriteLine(line);
            }

            output.WriteLine($"--- {UpdatedModule} before the update (last lines)");
            output.WriteLine(oldLogs.Length > 3000 ? oldLogs[^3000..] : oldLogs);
            foreach (var module in modules)
            {
                output.WriteLine($"--- {module} (last lines)");
                var logs = await agent.LogsAsync(module, ct);
                output.WriteLine(logs.Length > 3000 ? logs[^3000..] : logs);
            }
        }
    }

    /// <summary>The synthetic camera, readable by the container's user, bound read-only where the twin's source names it.</summary>
    private static string CameraBind(SyntheticClipResult camera)
    {
        File.SetUnixFileMode(camera.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return $"{camera.Path}:{CameraInContainer}:ro";
    }

    private static IReadOnlyList<ModuleMessage> AlertsUpstream(TestEdgeHub hub) =>
        [.. hub.Upstream.Where(m => m.MessageType() == MessageTypes.Alert)];

    /// <summary>The wall clock of stream time zero, from the capture session CameraCapture wrote on the volume.</summary>
    private static DateTimeOffset? SessionStart(string volume) =>
        Directory.EnumerateFiles(Path.Combine(volume, "spool"), CaptureSession.FileName, SearchOption.AllDirectories)
            .Select(f => ContractJson.Deserialize(File.ReadAllBytes(f), ContractsJsonContext.Default.CaptureSession).StartedAt)
            .Order()
            .Cast<DateTimeOffset?>()
            .FirstOrDefault();

    private static async Task WaitAsync(Func<bool> condition, string what, TimeSpan timeout) =>
        await Eventually.TrueAsync(condition, what, (int)timeout.TotalMilliseconds);

    /// <summary>Polls <paramref name="condition"/> until it holds (true) or <paramref name="timeout"/> passed (false).</summary>
    private static async Task<bool> TryWaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    private static async Task OwnByAppUserAsync(string path, CancellationToken cancellationToken)
    {
        var chown = await CommandLine.RunAsync("chown", [$"{AppUser}:{AppUser}", path], null, TimeSpan.FromSeconds(10), cancellationToken);
        Assert.True(chown.ExitCode == 0, $"chown {AppUser}:{AppUser} {path} failed: {chown.StandardError}");
    }

    /// <summary>
    /// The new version of <see cref="UpdatedModule"/>: its image with a new version label, so a new image id under a new
    /// tag (what a registry push of the next build gives edgeAgent) without a second publish.
    /// </summary>
    private async Task<string> BuildUpdatedImageAsync(CancellationToken cancellationToken)
    {
        var current = ModuleImage.Named(UpdatedModule).Tag;
        var updated = current + "-update";
        var context = _dir.Combine("update-context");
        Directory.CreateDirectory(context);
        await File.WriteAllTextAsync(
            Path.Combine(context, "Dockerfile"),
            new StringBuilder().AppendLine($"FROM {current}").AppendLine("LABEL org.opencontainers.image.version=\"1.0.1-test\"").ToString(),
            cancellationToken);
        await images.Docker.RunAsync(["build", "--network", "none", "-q", "-t", updated, context], cancellationToken);
        return updated;
    }
}
