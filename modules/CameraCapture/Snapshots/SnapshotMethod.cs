using System.Text.Json;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.CameraCapture.Snapshots;

/// <summary>
/// The <c>snapshot</c> direct method: payload empty, <c>null</c> or <c>{}</c>; answers 200 <c>{ "path": "snapshots/…jpg" }</c>
/// (relative to the shared volume): the newest colour JPEG of the camera's stream; 400 for any other payload, 503 before the
/// first colour frame.
/// </summary>
internal static class SnapshotMethod
{
    public const string Name = "snapshot";

    public static async Task<MethodResponse> HandleAsync(MethodRequest request, SnapshotWriter writer, string cameraId, CancellationToken cancellationToken)
    {
        if (Validate(request.PayloadText) is { } error)
        {
            return MethodResponse.Json(400, JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = error }));
        }

        var path = await Task.Run(() => writer.CaptureNow(cameraId), cancellationToken);
        return path is null
            ? MethodResponse.Json(503, """{"error":"no colour frame yet: capture is not running"}""")
            : MethodResponse.Json(200, JsonSerializer.Serialize(new Dictionary<string, string> { ["path"] = path }));
    }

    private static string? Validate(string payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Object => document.RootElement.EnumerateObject().Select(p => p.Name).FirstOrDefault() is { } name
                    ? $"unknown property '{name}': the snapshot method takes no parameters"
                    : null,
                _ => $"the payload must be empty or an object, got {document.RootElement.ValueKind.ToString().ToLowerInvariant()}",
            };
        }
        catch (JsonException ex)
        {
            return $"the payload is not JSON: {ex.Message}";
        }
    }
}
