using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.Edge.FileUpload;
using EdgeCam.Testing;
using EdgeCam.Testing.IotHub;
using Xunit.Abstractions;

namespace EdgeCam.Edge.IotHub.Tests.IotHub.Conformance;

/// <summary>
/// IoT Hub's file-upload exchange sent by the official Azure IoT Node SDK and by EdgeCam's session, each against a
/// fresh fake hub that checks the device SAS: the SAS request must be the same (path, api-version, content type, body),
/// and both notifications must reach the hub with the same fields. One difference is expected and shown: the Node SDK
/// puts the correlation id in the notification's path (<c>/files/notifications/{id}</c>, its older form), EdgeCam in the
/// body, as the REST reference (Device - Update File Upload Status) and the C# SDK do.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FileUploadWireConformanceTests(ITestOutputHelper output)
{
    private const string BlobName = "cam1/2026/11/21/evt1.mp4";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task NodeSdkAndEdgeCam_SendTheSameSasRequestAndNotification()
    {
        var node = await CaptureAsync(RunNodeSdkAsync);
        var edgecam = await CaptureAsync(RunEdgeCamAsync);

        var rows = new List<(string Part, string Node, string EdgeCam, bool Equal)>
        {
            ("SAS request path", node.Start.Path + node.Start.Query, edgecam.Start.Path + edgecam.Start.Query, node.Start.Path + node.Start.Query == edgecam.Start.Path + edgecam.Start.Query),
            ("SAS request content type", node.Start.ContentType ?? string.Empty, edgecam.Start.ContentType ?? string.Empty, node.Start.ContentType == edgecam.Start.ContentType),
            ("SAS request body", node.Start.Body, edgecam.Start.Body, node.Start.Body == edgecam.Start.Body),
            ("SAS request answered", node.Start.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), edgecam.Start.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), node.Start.Status == 200 && edgecam.Start.Status == 200),
            ("notification content type", node.Notify.ContentType ?? string.Empty, edgecam.Notify.ContentType ?? string.Empty, node.Notify.ContentType == edgecam.Notify.ContentType),
            ("notification taken (isSuccess, statusCode, statusDescription)", Fields(node.Notification), Fields(edgecam.Notification), Fields(node.Notification) == Fields(edgecam.Notification)),
        };
        var table = new StringBuilder("| part | Node SDK | EdgeCam | equal? |\n|---|---|---|---|\n");
        foreach (var row in rows)
        {
            table.Append($"| {row.Part} | `{row.Node}` | `{row.EdgeCam}` | {(row.Equal ? "yes" : "NO")} |\n");
        }

        table.Append($"| notification path (expected to differ) | `{node.Notify.Path}` | `{edgecam.Notify.Path}` | by design |\n");
        output.WriteLine(table.ToString());
        Assert.All(rows, row => Assert.True(row.Equal, $"{row.Part}: Node SDK `{row.Node}`, EdgeCam `{row.EdgeCam}`"));
        Assert.Equal($"/devices/{IotHubFileUploadSessionTests.DeviceId}/files/notifications/{node.Notification.CorrelationId}", node.Notify.Path);
        Assert.Equal($"/devices/{IotHubFileUploadSessionTests.DeviceId}/files/notifications", edgecam.Notify.Path);
    }

    private static string Fields(FileUploadHubNotification n) => $"{n.IsSuccess}, {n.StatusCode}, {n.StatusDescription}";

    private sealed record Capture(FileUploadHubRequest Start, FileUploadHubRequest Notify, FileUploadHubNotification Notification);

    private static async Task<Capture> CaptureAsync(Func<FakeFileUploadHub, Task> scenario)
    {
        await using var hub = await FakeFileUploadHub.StartAsync(IotHubFileUploadSessionTests.DeviceId, IotHubFileUploadSessionTests.DeviceKey, storage: null, "uploads", CancellationToken.None);
        await scenario(hub);
        var requests = hub.Requests;
        Assert.Equal(2, requests.Count);
        return new Capture(requests[0], requests[1], Assert.Single(hub.Notifications));
    }

    private static async Task RunEdgeCamAsync(FakeFileUploadHub hub)
    {
        using var session = IotHubFileUploadSessionTests.Session(hub, IotHubFileUploadSessionTests.DeviceKey);
        var grant = await session.StartAsync(BlobName, CancellationToken.None);
        await session.CompleteAsync(new FileUploadCompletion(grant.CorrelationId, true, 201, "committed"), CancellationToken.None);
    }

    private static async Task RunNodeSdkAsync(FakeFileUploadHub hub)
    {
        var root = RequiredTool.RepositoryRoot();
        var nodeModules = Path.Combine(root, "device", "tools", "node_modules");
        if (!Directory.Exists(Path.Combine(nodeModules, "azure-iot-device")))
        {
            throw new InvalidOperationException("The Azure IoT Node SDK is not installed. Install it with: (cd device/tools && npm ci), or run device/install-deps.sh.");
        }

        var script = Path.Combine(root, "tests", "EdgeCam.Edge.IotHub.Tests", "IotHub", "Conformance", "node", "node-sdk-file-upload.js");
        var info = new ProcessStartInfo(RequiredTool.OnPath("node", "nodejs")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, hub.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), FakeFileUploadHub.CaFile, hub.DeviceConnectionString, BlobName })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NODE_PATH"] = nodeModules;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Wait);
        Assert.True(process.ExitCode == 0, "the Node SDK file upload failed: " + await stderr);
        var grant = JsonNode.Parse((await stdout).Split('\n').Single(l => l.StartsWith("GRANT ", StringComparison.Ordinal))["GRANT ".Length..])!;
        Assert.Equal($"{IotHubFileUploadSessionTests.DeviceId}/{BlobName}", grant["blobName"]!.GetValue<string>());
    }
}
