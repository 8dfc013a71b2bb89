using System.Security.Cryptography;
using Azure.Storage.Blobs;
using EdgeCam.Agent.Demo;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Media.Clips;

namespace EdgeCam.Agent.Tests.Demo;

/// <summary>
/// What every demo run must show after its events were matched to the truth, checked the same way for the x64 agent
/// (<c>DemoPipelineTests</c>) and the arm64 build under qemu (<c>EdgeCam.Arm64.Tests</c> compiles this file in).
/// </summary>
internal static class DemoRunAudit
{
    /// <summary>
    /// One clip per event, from at least pre-roll before to post-roll after it within one keyframe interval (copy-mode
    /// cuts snap to keyframes) and as long on disk as reported; each clip in Azurite with the disk's length and MD5
    /// (downloaded, not taken from metadata); exactly one motion alert per event in <c>alerts.jsonl</c>.
    /// </summary>
    public static async Task ClipsStoredAndAlertedAsync(
        DemoSummary summary, string dataDirectory, string azuriteConnectionString, double preRoll, double postRoll, double keyframeIntervalSeconds)
    {
        Assert.Equal(summary.Events.Count, summary.Clips.Count);
        var probe = new MediaProbe();
        foreach (var e in summary.Events)
        {
            var clip = Assert.Single(summary.Clips, c => c.EventId == e.EventId);
            Assert.True(
                clip.Start <= e.Start.AddSeconds(-preRoll + keyframeIntervalSeconds),
                $"clip of {e.EventId} starts at {clip.Start:O}, event at {e.Start:O}: less than {preRoll} s pre-roll");
            Assert.True(
                clip.End >= e.End!.Value.AddSeconds(postRoll - keyframeIntervalSeconds),
                $"clip of {e.EventId} ends at {clip.End:O}, event at {e.End:O}: less than {postRoll} s post-roll");
            var onDisk = await probe.ReadTimesAsync(clip.AbsolutePath, CancellationToken.None);
            Assert.InRange(onDisk.DurationSeconds, clip.DurationSeconds - 0.2, clip.DurationSeconds + 0.2);
        }

        // Read with Azure.Storage.Blobs directly, pinned to a version Azurite knows (the SDK's default is newer).
        var storage = new BlobContainerClient(azuriteConnectionString, "edgecam", new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05));
        foreach (var clip in summary.Clips)
        {
            Assert.NotNull(clip.BlobName);
            var local = await File.ReadAllBytesAsync(clip.AbsolutePath);
            var remote = (await storage.GetBlobClient(clip.BlobName!).DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(local.Length, remote.Length);
            Assert.Equal(Convert.ToBase64String(MD5.HashData(local)), Convert.ToBase64String(MD5.HashData(remote)));
        }

        var alerts = File.ReadAllLines(Path.Combine(dataDirectory, "alerts.jsonl"))
            .Select(line => ContractJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(line), ContractsJsonContext.Default.Alert))
            .Where(a => a.Kind == "motion")
            .ToList();
        Assert.Equal(summary.Events.Select(e => e.EventId).Order(), alerts.Select(a => a.EventId).Order());
    }

    /// <summary>The events as "start-end s", for failure messages.</summary>
    public static string Events(DemoSummary summary) =>
        string.Join(", ", summary.Events.Select(e => $"{e.StartSeconds:F1}-{e.EndSeconds:F1} s"));
}
