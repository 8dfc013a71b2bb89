using System.Net;
using System.Security.Cryptography;
using EdgeCam.Agent.Demo;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Testing;
using EdgeCam.Testing.Tools;

namespace EdgeCam.Agent.Tests.Demo;

/// <summary>
/// What a demo run with an account key must show of issue 10's "alerts with something to look at": each motion alert
/// names its snapshot blob with a read link that a plain HTTP GET turns into a colour JPEG of the camera, and each clip
/// has one clipAvailable follow-up, after its motion alert, whose link downloads exactly the clip.
/// </summary>
internal static class SnapshotAudit
{
    public static async Task SnapshotsAndFollowUpsAsync(DemoSummary summary, string dataDirectory, (int Width, int Height) cameraSize)
    {
        var alerts = File.ReadAllLines(Path.Combine(dataDirectory, "alerts.jsonl"))
            .Select(line => ContractJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(line), ContractsJsonContext.Default.Alert))
            .ToList();
        using var http = new HttpClient();
        using var temp = new TempDirectory("snapshot-audit");
        foreach (var e in summary.Events)
        {
            var motion = Assert.Single(alerts, a => a.Kind == "motion" && a.EventId == e.EventId);
            Assert.EndsWith($"/{e.EventId}.jpg", motion.SnapshotBlob, StringComparison.Ordinal);
            Assert.True(motion.ReadLink is not null, $"motion alert of {e.EventId} has no read link: {motion.NoReadLink}");
            using var response = await http.GetAsync(new Uri(motion.ReadLink.Url));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var jpeg = temp.Combine(e.EventId + ".jpg");
            await File.WriteAllBytesAsync(jpeg, await response.Content.ReadAsByteArrayAsync());
            var probe = await ColourJpeg.ProbeAsync(jpeg);
            Assert.Equal(("mjpeg", "yuvj420p", cameraSize.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), cameraSize.Height.ToString(System.Globalization.CultureInfo.InvariantCulture)), (probe["codec_name"], probe["pix_fmt"], probe["width"], probe["height"]));
            Assert.True(await ColourJpeg.ColourfulShareAsync(jpeg) > 0.2, $"the snapshot of {e.EventId} is not in colour");
        }

        foreach (var clip in summary.Clips)
        {
            var followUp = Assert.Single(alerts, a => a.Kind == "clipAvailable" && a.EventId == clip.EventId);
            Assert.Equal(clip.BlobName, followUp.ClipBlob);
            Assert.True(alerts.IndexOf(followUp) > alerts.FindIndex(a => a.Kind == "motion" && a.EventId == clip.EventId), $"the follow-up of {clip.EventId} came before its motion alert");
            Assert.NotNull(followUp.ReadLink);
            var remote = await http.GetByteArrayAsync(new Uri(followUp.ReadLink.Url));
            Assert.Equal(MD5.HashData(await File.ReadAllBytesAsync(clip.AbsolutePath)), MD5.HashData(remote));
        }
    }
}
