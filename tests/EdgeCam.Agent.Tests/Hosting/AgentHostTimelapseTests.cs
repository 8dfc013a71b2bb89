using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using EdgeCam.Agent.Hosting;
using EdgeCam.Agent.Upstream;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCam.Agent.Tests.Hosting;

/// <summary>
/// Issue 12 part 3 end to end in the agent, through the routes of deployment.template.json: the frames a camera's
/// time-lapse kept yesterday are made into a video at start, CameraCapture's <c>timelapse</c> output reaches
/// BlobBuffer's <c>clipReady</c>, and the video is in a real Azurite under the time-lapse blob name, byte for byte.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentHostTimelapseTests : IDisposable
{
    private const int Frames = 6;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _dir = new("agent-timelapse");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Start_YesterdaysTimelapseFrames_VideoRoutedToBlobBufferAndInStorage()
    {
        var camera = await SyntheticClip.GenerateAsync(_dir.Combine("camera.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(10), MotionIntervals = [] }, CancellationToken.None);
        var volume = new SharedVolume(_dir.Combine("volume"));
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var frames = Path.Combine(volume.TimelapseDirectory("CameraCapture"), yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(frames);
        await RunAsync(RequiredTool.Ffmpeg(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=1", "-frames:v", Frames.ToString(CultureInfo.InvariantCulture), "-q:v", "4", Path.Combine(frames, "%06d.jpg"));
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var template = DeploymentTemplate.Load(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json"));
        var overrides = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["CameraCapture"] = new() { ["source"] = camera.Path, ["realtime"] = true, ["loop"] = false, ["timelapse"] = new JsonObject { ["enabled"] = true } },
        };
        using var alerts = new LocalAlertLog(_dir.Combine("alerts.jsonl"), TextWriter.Null);
        using var host = AgentHost.Build(template, overrides, AgentHost.ModuleSettings(volume.Root, azurite.ConnectionString), alerts);
        var hub = host.Services.GetRequiredService<InProcessHub>();
        var routed = new ConcurrentQueue<RoutedMessage>();
        hub.MessageRouted += (_, r) => routed.Enqueue(r);
        var eventId = "timelapse-" + yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await host.StartAsync(CancellationToken.None);
        RoutedMessage announced, uploadedMessage;
        try
        {
            announced = await RoutedMessages.WaitForAsync(routed, r => r.FromModuleId == "CameraCapture" && r.OutputName == "timelapse", Patience);
            uploadedMessage = await RoutedMessages.WaitForAsync(routed, r => r.OutputName == "uploaded" && r.Message.Read(ContractsJsonContext.Default.ClipUploaded).EventId == eventId, Patience);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        var ready = announced.Message.Read(ContractsJsonContext.Default.ClipReady);
        var uploaded = uploadedMessage.Message.Read(ContractsJsonContext.Default.ClipUploaded);
        Assert.Equal((ClipKinds.Timelapse, eventId), (ready.Kind, ready.EventId));
        Assert.Contains(announced.Sinks, s => s is ModuleInputSink { ModuleId: "BlobBuffer", InputName: "clipReady" });
        Assert.Equal($"CameraCapture/timelapse/{yesterday:yyyy}/{yesterday:MM}/{yesterday:yyyy-MM-dd}.mp4", uploaded.BlobName);
        var local = await File.ReadAllBytesAsync(volume.Resolve(ready.ClipPath));
        var storage = new BlobContainerClient(azurite.ConnectionString, "edgecam", new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05));
        var remote = (await storage.GetBlobClient(uploaded.BlobName).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(Convert.ToBase64String(MD5.HashData(local)), Convert.ToBase64String(MD5.HashData(remote)));
        var downloaded = _dir.Combine("downloaded.mp4");
        await File.WriteAllBytesAsync(downloaded, remote);
        var count = await RunAsync(RequiredTool.Ffprobe(), "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", downloaded);
        Assert.Equal(Frames, int.Parse(count.Trim(), CultureInfo.InvariantCulture));
    }

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await stderr}");
        return await stdout;
    }
}
