using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using EdgeCam.Agent.Hosting;
using EdgeCam.Agent.Upstream;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
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
/// Issue 11 parts 3 and 4 end to end in the agent, through the routes of deployment.template.json to a real Azurite: the
/// continuous footage tier's files, and SegmentRecorder's <c>exportFootage</c> direct method whose blob ffprobe reads
/// with the requested duration within one segment.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentHostFootageTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>CameraCapture's default segment length: the export's duration may differ from the request by at most this.</summary>
    private const double SegmentSeconds = 4;
    private const string Camera = "CameraCapture";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new("agent-footage");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public Task ExportFootageMethod_RangeOfRecordedFootage_BlobInStorageHasTheRequestedDurationWithinOneSegment() =>
        RunAgentAsync(footage: null, async (hub, routed, volume, storage) =>
        {
            await Eventually.TrueAsync(() => Segments(volume) >= 6, "the camera recorded six segments", 60_000);
            var now = TimeProvider.System.GetUtcNow();
            var (from, to) = (now.AddSeconds(-18), now.AddSeconds(-8));

            var response = await hub.InvokeMethodAsync(
                "SegmentRecorder",
                "exportFootage",
                new JsonObject { ["cameraId"] = Camera, ["from"] = from.ToString("O", CultureInfo.InvariantCulture), ["to"] = to.ToString("O", CultureInfo.InvariantCulture) }.ToJsonString(),
                CancellationToken.None);

            Assert.True(response.Status == 200, response.PayloadText);
            var answer = JsonNode.Parse(response.PayloadText)!;
            var blobName = answer["blobName"]!.GetValue<string>();
            var exportId = answer["exportId"]!.GetValue<string>();
            var uploaded = (await RoutedMessages.WaitForAsync(routed, r => r.OutputName == "uploaded" && r.Message.BodyText.Contains(exportId, StringComparison.Ordinal), Patience))
                .Message.Read(ContractsJsonContext.Default.ClipUploaded);
            Assert.Equal(blobName, uploaded.BlobName);
            var downloaded = _dir.Combine("export.mp4");
            await storage.GetBlobClient(blobName).DownloadToAsync(downloaded);
            var duration = (await new MediaProbe().ReadTimesAsync(downloaded, CancellationToken.None)).DurationSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"export {exportId}: asked {(to - from).TotalSeconds:0.0} s from {from:O}; cut {answer["from"]} to {answer["to"]}; blob {blobName} reads {duration:0.000} s"));
            Assert.InRange(duration, (to - from).TotalSeconds - SegmentSeconds, (to - from).TotalSeconds + SegmentSeconds);
        });

    [Fact]
    public Task FootageTier_Enabled_FilesOfTheSetLengthLandInStorageAsFootage() =>
        RunAgentAsync(footage: new JsonObject { ["enabled"] = true, ["fileSeconds"] = 12 }, async (hub, routed, volume, storage) =>
        {
            var uploaded = (await RoutedMessages.WaitForAsync(routed, r => r.OutputName == "uploaded" && r.Message.BodyText.Contains("footage-", StringComparison.Ordinal), Patience))
                .Message.Read(ContractsJsonContext.Default.ClipUploaded);

            var ready = routed.Where(r => r.OutputName == "clipReady").Select(r => r.Message.Read(ContractsJsonContext.Default.ClipReady)).Single(c => c.EventId == uploaded.EventId);
            Assert.Equal((ClipKinds.Footage, ClipKinds.Footage), (ready.Kind, uploaded.Kind));
            Assert.Equal(Contracts.Blobs.BlobNames.Footage(Camera, ready.Start), uploaded.BlobName);
            var downloaded = _dir.Combine("footage.mp4");
            await storage.GetBlobClient(uploaded.BlobName).DownloadToAsync(downloaded);
            var duration = (await new MediaProbe().ReadTimesAsync(downloaded, CancellationToken.None)).DurationSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"footage {uploaded.BlobName}: {duration:0.000} s"));
            Assert.InRange(duration, 12 - 0.2, 12 + SegmentSeconds); // whole 4 s segments: 12 s exactly, a frame's rounding aside
        });

    private static int Segments(Contracts.SharedVolume volume) =>
        Directory.Exists(volume.SpoolDirectory(Camera)) ? Directory.EnumerateFiles(volume.SpoolDirectory(Camera), "*.ts", SearchOption.AllDirectories).Count() : 0;

    private async Task RunAgentAsync(JsonObject? footage, Func<InProcessHub, ConcurrentQueue<RoutedMessage>, Contracts.SharedVolume, BlobContainerClient, Task> scenario)
    {
        RequiredTool.Ffmpeg();
        var camera = await SyntheticClip.GenerateAsync(
            _dir.Combine("camera.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(60), MotionIntervals = [] },
            CancellationToken.None);
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var template = DeploymentTemplate.Load(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json"));
        var overrides = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            [Camera] = new() { ["source"] = camera.Path, ["realtime"] = true, ["loop"] = false },
        };
        if (footage is not null)
        {
            overrides["SegmentRecorder"] = new JsonObject { ["footage"] = footage };
        }

        var volume = new Contracts.SharedVolume(_dir.Combine("volume"));
        Directory.CreateDirectory(volume.Root);
        var settings = new Dictionary<string, string?>(AgentHost.ModuleSettings(volume.Root, azurite.ConnectionString), StringComparer.Ordinal);
        using var alerts = new LocalAlertLog(_dir.Combine("alerts.jsonl"), TextWriter.Null);
        using var host = AgentHost.Build(template, overrides, settings, alerts, localBroker: null);
        var hub = host.Services.GetRequiredService<InProcessHub>();
        var routed = new ConcurrentQueue<RoutedMessage>();
        hub.MessageRouted += (_, r) => routed.Enqueue(r);
        await host.StartAsync(CancellationToken.None);
        try
        {
            var storage = new BlobContainerClient(azurite.ConnectionString, "edgecam", new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05));
            await scenario(hub, routed, volume, storage);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
