using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.Media.Processes;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.CameraCapture.Tests;

/// <summary>The tamper check inside the module: real ffmpeg frames through the session's hooks to a <c>tamperHealth</c> on <c>health</c>.</summary>
[Trait("Category", "Integration")]
public sealed class CameraCaptureModuleTamperTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_SceneThenCoveredLens_SendsOneCoveredTamperHealthOnHealth()
    {
        using var temp = new TempDirectory("tamper-module");
        var clip = temp.Combine("covered.mp4");
        // 3 s of a test pattern, then 4 s of a nearly black, uniform picture (a hand over the lens).
        var rendered = await ToolRunner.RunAsync(
            RequiredTool.Ffmpeg(),
            ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=10:duration=3", "-f", "lavfi", "-i", "color=c=0x101010:size=320x180:rate=10:duration=4",
             "-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "10", clip],
            CancellationToken.None);
        Assert.True(rendered.ExitCode == 0, rendered.ErrorTail());
        var tamper = new JsonObject { ["checkSeconds"] = 0.2, ["confirmSeconds"] = 1 };
        await using var hub = TestHub.Create(new Dictionary<string, string>(), new Dictionary<string, JsonObject> { ["Porch"] = new() { ["source"] = clip, ["tamper"] = tamper } });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(new SharedVolume(temp.Combine("data")), TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("Porch"), stop.Token);
        await hub.WaitForAsync(r => r.Message.MessageType() == MessageTypes.CameraHealth && r.Message.Read(ContractsJsonContext.Default.CameraHealth).State == Contracts.Health.CaptureState.Ended, Patience);
        var reports = hub.Routed
            .Where(r => r.OutputName == CameraCaptureModule.HealthOutput && r.Message.MessageType() == MessageTypes.TamperHealth)
            .Select(r => r.Message.Read(ContractsJsonContext.Default.TamperHealth)).ToList();

        var covered = Assert.Single(reports);
        Assert.Equal((TamperState.Covered, "Porch"), (covered.State, covered.CameraId));
        Assert.True(covered.Spread < 6, $"spread {covered.Spread}");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }
}
