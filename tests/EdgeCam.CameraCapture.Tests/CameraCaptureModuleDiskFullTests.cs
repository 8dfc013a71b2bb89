using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace EdgeCam.CameraCapture.Tests;

/// <summary>The module recording with real ffmpeg onto a small tmpfs that a ballast file fills: ENOSPC is never final.</summary>
[Trait("Category", "Integration")]
public sealed class CameraCaptureModuleDiskFullTests(ITestOutputHelper output)
{
    private const string ModuleId = "Garage";
    private const int PatienceMs = 30_000;
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(PatienceMs);

    [Fact]
    public async Task RunAsync_VolumeFilledWhileRecordingAFile_WaitsForSpaceThenRecordsANewSessionByItself()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("diskfull");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("garage.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(20), MotionIntervals = [] }, CancellationToken.None);
        using var mounted = SmallVolume.Tmpfs(temp.Combine("mnt"), 24L * 1024 * 1024);
        var volume = new SharedVolume(mounted.MountPoint);
        await using var hub = TestHub.Create(new Dictionary<string, string>(), new Dictionary<string, JsonObject>
        {
            [ModuleId] = new() { ["source"] = clip.Path, ["realtime"] = true, ["loop"] = true, ["segmentSeconds"] = 1 },
        });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);
        var running = module.RunAsync(await hub.ClientAsync(ModuleId), stop.Token);
        try
        {
            await hub.WaitForAsync(r => State(r) == CaptureState.Running, Patience);
            string? firstSession = null;
            await Eventually.TrueAsync(() => (firstSession = SessionsWithSegments(volume).FirstOrDefault()) is not null, "the first session lists a segment", PatienceMs);

            var ballast = Path.Combine(mounted.MountPoint, "ballast");
            var filled = mounted.Fill(ballast);
            var whileFull = (await hub.WaitForReportedAsync(ModuleId, r => (string?)r["capture"]?["state"] == "waitingForSpace", Patience))["capture"]!.DeepClone();
            File.Delete(ballast);
            await hub.WaitForAsync(r => State(r) == CaptureState.Running && SeenWaiting(hub, r), Patience);
            string? resumed = null;
            await Eventually.TrueAsync(() => (resumed = SessionsWithSegments(volume).FirstOrDefault(s => s != firstSession)) is not null, "a new session lists a segment after the ballast is gone", PatienceMs);

            var states = hub.Routed.Where(r => r.OutputName == CameraCaptureModule.HealthOutput).Select(r => r.Message.Read(ContractsJsonContext.Default.CameraHealth)).ToList();
            var waiting = states.First(s => s.State == CaptureState.WaitingForSpace);
            output.WriteLine($"ballast {filled / 1048576.0:0.0} MB; states: {string.Join(", ", states.Select(s => s.State))}; waiting: {waiting.Error}");
            Assert.DoesNotContain(CaptureState.Failed, states.Select(s => s.State));
            Assert.Contains("No space left on device", waiting.Error, StringComparison.Ordinal);
            Assert.Equal("waitingForSpace", (string?)whileFull["state"]);
            Assert.Equal(8L * 1024 * 1024, (long?)whileFull["resumeAtFreeBytes"]);
            Assert.NotEqual(firstSession, resumed);
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Patience));
        }
    }

    private static CaptureState? State(RoutedMessage routed) =>
        routed.OutputName == CameraCaptureModule.HealthOutput ? routed.Message.Read(ContractsJsonContext.Default.CameraHealth).State : null;

    private static bool SeenWaiting(TestHub hub, RoutedMessage running) =>
        hub.Routed.TakeWhile(r => !ReferenceEquals(r, running)).Any(r => State(r) == CaptureState.WaitingForSpace);

    private static IEnumerable<string> SessionsWithSegments(SharedVolume volume)
    {
        var spool = volume.SpoolDirectory(ModuleId);
        return Directory.Exists(spool)
            ? Directory.EnumerateDirectories(spool).Order(StringComparer.Ordinal).Where(d => File.Exists(Path.Combine(d, CaptureSession.SegmentListFileName)) && new FileInfo(Path.Combine(d, CaptureSession.SegmentListFileName)).Length > 0)
            : [];
    }
}
