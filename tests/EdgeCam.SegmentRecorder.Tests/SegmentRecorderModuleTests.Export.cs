using System.Text.Json.Nodes;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Media.Clips;
using EdgeCam.SegmentRecorder.Footage;
using EdgeCam.SegmentRecorder.Tests.Fakes;

namespace EdgeCam.SegmentRecorder.Tests;

public sealed partial class SegmentRecorderModuleTests
{
    [Fact]
    public async Task ExportFootage_RangeHeld_AnswersTheBlobNameAndSendsAnExportOfTheRequestedDuration()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-60);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2), seconds: 30);
        await using var hub = CreateHub();
        var (run, _) = await StartModuleAsync(hub);
        var from = started.AddSeconds(5.3);
        var to = started.AddSeconds(17.6);

        var response = await hub.Hub.InvokeMethodAsync(ModuleId, FootageExport.MethodName, Range("cam1", from, to), CancellationToken.None);

        Assert.Equal(200, response.Status);
        var body = JsonNode.Parse(response.PayloadText)!;
        var exportId = body["exportId"]!.GetValue<string>();
        var routed = await hub.WaitForAsync(r => r.FromModuleId == ModuleId && r.OutputName == "clipReady", Patience);
        var clip = ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipReady);
        Assert.Equal((ClipKinds.Export, exportId), (clip.Kind, clip.EventId));
        Assert.Equal(Contracts.Blobs.BlobNames.Export("cam1", exportId, clip.Start), body["blobName"]!.GetValue<string>());
        Assert.Equal(clip.Start, DateTimeOffset.Parse(body["from"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        var duration = (await new MediaProbe().ReadTimesAsync(_volume.Resolve(clip.ClipPath), CancellationToken.None)).DurationSeconds;
        Assert.InRange(duration, (to - from).TotalSeconds - 2, (to - from).TotalSeconds + 2); // within one 2 s segment
        Assert.InRange(clip.Start, from.AddSeconds(-SpoolWriter.KeyframeIntervalSeconds), from);
        await StopAsync(run);
    }

    [Theory]
    [InlineData("cam9", 5, 10, "unknown camera 'cam9'")]
    [InlineData("cam1", 10, 10, "must be before to")]
    [InlineData("cam1", -30, -20, "before the oldest footage")]
    [InlineData("cam1", 20, 45, "after the newest closed footage")]
    [InlineData("cam1", 0, 3700, "at most 60 min")]
    public async Task ExportFootage_BadRange_Answers400NamingWhatIsWrong(string camera, double from, double to, string expected)
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-60);
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", started, 2), seconds: 30);
        await using var hub = CreateHub();
        var (run, _) = await StartModuleAsync(hub);

        var response = await hub.Hub.InvokeMethodAsync(ModuleId, FootageExport.MethodName, Range(camera, started.AddSeconds(from), started.AddSeconds(to)), CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.Contains(expected, JsonNode.Parse(response.PayloadText)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(hub.Routed, r => r.FromModuleId == ModuleId && r.OutputName == "clipReady");
        await StopAsync(run);
    }

    [Fact]
    public async Task ExportFootage_TimeNotIso8601_Answers400NamingIt()
    {
        await using var hub = CreateHub();
        var (run, _) = await StartModuleAsync(hub);

        var response = await hub.Hub.InvokeMethodAsync(ModuleId, FootageExport.MethodName, "{\"cameraId\": \"cam1\", \"from\": \"yesterday\", \"to\": \"2026-12-01T04:00:00Z\"}", CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.Contains("from 'yesterday' is not an ISO 8601 time", JsonNode.Parse(response.PayloadText)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        await StopAsync(run);
    }

    private static string Range(string camera, DateTimeOffset from, DateTimeOffset to) =>
        new JsonObject { ["cameraId"] = camera, ["from"] = from.ToString("O"), ["to"] = to.ToString("O") }.ToJsonString();
}
