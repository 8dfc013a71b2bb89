using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Contracts.Clips;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture.Timelapse;

/// <summary>
/// Direct method <c>makeTimelapse</c>, payload empty, <c>{}</c> or <c>{"day":"yyyy-MM-dd"}</c> (a UTC day, default today):
/// makes the day's time-lapse so far from the frames on disk (<see cref="TimelapseRecorder.MakeOnDemandAsync"/>), sends it
/// on output <c>timelapse</c> like the day's own and answers 200 with its blob name, file, day and frame count, without
/// waiting for the upload. Bad input is a 400 (404 for a day without frames, 409 while another encode of the camera
/// runs) with <c>{status, error}</c>, the error one line naming what was wrong.
/// </summary>
internal sealed partial class TimelapseMethod(TimelapseRecorder recorder, ILogger logger)
{
    /// <summary>The direct method's name.</summary>
    public const string Name = "makeTimelapse";

    /// <summary>Registers the method on <paramref name="client"/>; made videos go to <paramref name="announce"/> as the recorder's do.</summary>
    public void Register(IModuleClient client, Func<ClipReady, Action, CancellationToken, ValueTask> announce)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.SetMethodHandler(Name, (request, ct) => HandleAsync(request, announce, ct));
    }

    /// <summary>Handles one call: 200 with the video, or 400/404/409/500/503 with <c>{status, error}</c>.</summary>
    public async Task<MethodResponse> HandleAsync(MethodRequest request, Func<ClipReady, Action, CancellationToken, ValueTask> announce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryParse(request.PayloadText, out var day, out var problem))
        {
            return Refuse(400, problem);
        }

        var result = await recorder.MakeOnDemandAsync(day, announce, cancellationToken);
        if (result.Ready is not { } ready)
        {
            return Refuse(result.Status, result.Error ?? "not made");
        }

        var body = new JsonObject
        {
            ["status"] = 200,
            ["blobName"] = result.BlobName,
            ["eventId"] = ready.EventId,
            ["day"] = TimelapseFolder.DayName(TimelapseFolder.DayOf(ready.Start)),
            ["upTo"] = ready.End.ToString("O", CultureInfo.InvariantCulture),
            ["frames"] = result.Frames,
            ["clipPath"] = ready.ClipPath,
            ["sizeBytes"] = ready.SizeBytes,
            ["made"] = result.Made,
        };
        return MethodResponse.Json(200, body.ToJsonString());
    }

    // Empty, null, {} or {"day": "yyyy-MM-dd" | null}; day null means today.
    private static bool TryParse(string payload, out DateOnly? day, out string problem)
    {
        day = null;
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(payload))
        {
            return true;
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(payload);
        }
        catch (JsonException ex)
        {
            problem = $"the payload is not JSON: {ex.Message}";
            return false;
        }

        if (json is null)
        {
            return true;
        }

        if (json is not JsonObject properties)
        {
            problem = $"the payload must be empty or an object {{\"day\":\"yyyy-MM-dd\"}}, got {json.GetValueKind().ToString().ToLowerInvariant()}";
            return false;
        }

        foreach (var (name, value) in properties)
        {
            if (name != "day")
            {
                problem = $"unknown property '{name}': the {Name} method takes only day (yyyy-MM-dd, UTC)";
                return false;
            }

            if (value is null)
            {
                continue;
            }

            if (value.GetValueKind() != JsonValueKind.String || !TimelapseFolder.TryParseDay(value.GetValue<string>(), out var parsed))
            {
                problem = $"day {value.ToJsonString()} is not a date yyyy-MM-dd (a UTC day such as 2026-12-01)";
                return false;
            }

            day = parsed;
        }

        return true;
    }

    private MethodResponse Refuse(int status, string error)
    {
        LogRefused(status, error);
        return MethodResponse.Json(status, new JsonObject { ["status"] = status, ["error"] = error }.ToJsonString());
    }

    [LoggerMessage(78, LogLevel.Warning, "makeTimelapse refused ({Status}): {Error}")]
    private partial void LogRefused(int status, string error);
}
