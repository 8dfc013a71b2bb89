using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeCam.SegmentRecorder.Footage;

/// <summary>The payload of direct method <c>exportFootage</c>: <c>{cameraId, from, to}</c>, times in ISO 8601 with an offset.</summary>
public sealed record ExportRequest(string CameraId, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The longest range one call exports.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromHours(1);

    /// <summary>Reads and checks the payload; on bad input returns null and one line naming what is wrong.</summary>
    public static ExportRequest? Parse(string payload, out string? problem)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(payload) as JsonObject;
        }
        catch (JsonException ex)
        {
            problem = $"the payload is not JSON: {ex.Message}";
            return null;
        }

        if (json is null)
        {
            problem = "the payload must be a JSON object {cameraId, from, to}";
            return null;
        }

        if (Text(json, "cameraId") is not { Length: > 0 } camera)
        {
            problem = "cameraId is missing (a camera id string)";
            return null;
        }

        if (!TryTime(json, "from", out var from, out problem) || !TryTime(json, "to", out var to, out problem))
        {
            return null;
        }

        if (from >= to)
        {
            problem = $"from ({from:O}) must be before to ({to:O})";
            return null;
        }

        if (to - from > MaxRange)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"the range is {(to - from).TotalMinutes:0.#} min; at most {MaxRange.TotalMinutes:0} min per export");
            return null;
        }

        problem = null;
        return new ExportRequest(camera, from, to);
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool TryTime(JsonObject json, string name, out DateTimeOffset time, out string? problem)
    {
        time = default;
        problem = null;
        var text = Text(json, name);
        if (text is null)
        {
            problem = $"{name} is missing (an ISO 8601 time such as 2026-12-01T04:00:00Z)";
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            problem = $"{name} '{text}' is not an ISO 8601 time such as 2026-12-01T04:00:00Z";
            return false;
        }

        return true;
    }
}
