using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.Agent.Cameras;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.LocalBroker;
using EdgeCam.Agent.Run;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.InProcess;
using EdgeCam.Testing;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EdgeCam.Agent.Tests.Cameras;

/// <summary>
/// Two cameras in one agent, from its <c>cameras</c> list and the shipped deployment.template.json: each camera's
/// motion must give its own motion event and its own clip. Camera "front" records a main stream without any motion
/// and watches a sub stream (a second, smaller synthetic source) that has motion, so its event can only come from the
/// sub stream; camera "back" has one stream with motion at another time.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TwoCameraRunTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _directory = new("two-cameras");
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose()
    {
        _directory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Run_TwoCamerasInTheList_EachCamerasMotionGivesItsOwnEventAndClip()
    {
        RequiredTool.Ffmpeg();
        var ct = CancellationToken.None;
        var frontMain = await SyntheticClip.GenerateAsync(_directory.Combine("front-main.mp4"), new SyntheticClipOptions { Width = 1280, Height = 720, Duration = TimeSpan.FromSeconds(14), MotionIntervals = [] }, ct);
        var frontSub = await SyntheticClip.GenerateAsync(_directory.Combine("front-sub.mp4"), new SyntheticClipOptions { Width = 640, Height = 360, Duration = TimeSpan.FromSeconds(14), MotionIntervals = [MotionInterval.FromSeconds(3, 6)] }, ct);
        var back = await SyntheticClip.GenerateAsync(_directory.Combine("back.mp4"), new SyntheticClipOptions { Width = 640, Height = 360, Duration = TimeSpan.FromSeconds(14), MotionIntervals = [MotionInterval.FromSeconds(6, 9)] }, ct);
        var data = _directory.Combine("data");
        CameraList.Write(Path.Combine(data, CameraList.FileName), [new CameraEntry("front", frontMain.Path, frontSub.Path), new CameraEntry("back", back.Path)]);
        // The embedded broker on a port of its own, so that neither another agent test nor a broker on 1883 meets it.
        var broker = $"embedded:{LoopbackPort.Free()}";
        var options = RunOptions.Parse(["--template", Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json"), "--data", data], name => name == LocalBrokerChoice.Variable ? broker : null);
        var motion = new ConcurrentQueue<(string Module, string CameraId)>();
        var clips = new ConcurrentQueue<(string CameraId, string Path)>();
        using var stop = new CancellationTokenSource(Patience);
        var command = new RunCommand(options, TextWriter.Null, TextWriter.Null, _logs)
        {
            Started = host =>
            {
                var hub = host.Services.GetRequiredService<InProcessHub>();
                hub.MessageRouted += (_, routed) =>
                {
                    var body = JsonNode.Parse(Encoding.UTF8.GetString(routed.Message.Body.Span));
                    var cameraId = (string?)body?["cameraId"] ?? "";
                    if (routed.OutputName == "motion" && routed.FromModuleId.StartsWith(CameraModules.TemplateModule, StringComparison.Ordinal))
                    {
                        motion.Enqueue((routed.FromModuleId, cameraId));
                    }
                    else if (routed.OutputName == "clipReady")
                    {
                        clips.Enqueue((cameraId, (string?)body?["clipPath"] ?? ""));
                        if (clips.Select(c => c.CameraId).Distinct().Count() == 2)
                        {
                            stop.Cancel();
                        }
                    }
                };
                return Task.CompletedTask;
            },
        };

        var exitCode = await command.RunAsync(stop.Token);

        output.WriteLine(string.Join("\n", clips.Select(c => $"clip {c.CameraId} {c.Path}")));
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(["back", "front"], clips.Select(c => c.CameraId).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(("CameraCaptureFront", "front"), motion);
        Assert.Contains(("CameraCaptureBack", "back"), motion);
        Assert.DoesNotContain(motion, m => m.Module == "CameraCaptureFront" && m.CameraId != "front");
        Assert.DoesNotContain(motion, m => m.Module == "CameraCapture");
        Assert.All(clips, c => Assert.Contains(c.CameraId, c.Path, StringComparison.Ordinal));
    }
}
