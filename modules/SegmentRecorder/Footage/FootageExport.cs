using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeCam.Contracts.Blobs;
using EdgeCam.Contracts.Clips;
using EdgeCam.Edge.Messaging;
using EdgeCam.Media.Clips;
using EdgeCam.SegmentRecorder.Cutting;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Planning;
using Microsoft.Extensions.Logging;

namespace EdgeCam.SegmentRecorder.Footage;

/// <summary>
/// Direct method <c>exportFootage</c> <c>{cameraId, from, to}</c>: cuts the range from the continuous segments without
/// re-encoding (the clip path, <see cref="ClipCutter"/>: it starts on the keyframe at or before <c>from</c> and ends on
/// the frame at or after <c>to</c>), writes <c>clips/&lt;camera&gt;/&lt;exportId&gt;.mp4</c>, sends it as
/// <see cref="ClipReady"/> of kind <see cref="ClipKinds.Export"/> (event id = the export id) and answers with the blob
/// name it will have (<see cref="BlobNames.Export"/>) and the real bounds of the cut, without waiting for the upload.
/// Bad input is a 400 with one line naming it. The method arrives over the module's IoT Hub connection: no inbound port.
/// </summary>
public sealed partial class FootageExport
{
    /// <summary>The direct method's name.</summary>
    public const string MethodName = "exportFootage";

    /// <summary>Leeway at the edges of what is held: ffmpeg lists times in microseconds, callers round to seconds.</summary>
    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(1);

    private readonly SegmentIndex _index;
    private readonly ClipCutter _cutter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public FootageExport(SegmentIndex index, ClipCutter cutter, TimeProvider time, ILogger<FootageExport> logger)
    {
        _index = index;
        _cutter = cutter;
        _time = time;
        _logger = logger;
    }

    /// <summary>Registers the method on <paramref name="client"/>.</summary>
    public void Register(IModuleClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.SetMethodHandler(MethodName, (request, ct) => HandleAsync(client, request, ct));
    }

    /// <summary>Handles one call: 200 with the blob name, or 400/500 with <c>{status, error}</c>.</summary>
    public async Task<MethodResponse> HandleAsync(IModuleClient client, MethodRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        if (ExportRequest.Parse(request.PayloadText, out var problem) is not { } export)
        {
            return Refuse(400, problem!);
        }

        _index.Refresh();
        var segments = _index.Segments(export.CameraId);
        if (Held(segments, export) is { } outside)
        {
            return Refuse(400, outside);
        }

        var plan = ClipPlanner.PlanWindow(segments, export.From, export.From, export.To);
        if (plan.IsEmpty)
        {
            return Refuse(400, $"no footage of camera '{export.CameraId}' covers {export.From:O} to {export.To:O} (a gap between capture sessions)");
        }

        var exportId = NewExportId();
        ClipReady clip;
        try
        {
            clip = await _cutter.CutAsync(export.CameraId, exportId, plan, cancellationToken) with { Kind = ClipKinds.Export };
            await client.SendAsync(SegmentRecorderModule.ClipReadyOutput, ClipReadyMessage.Create(clip), cancellationToken);
        }
        catch (Exception ex) when (ex is ClipCutException or IOException or UnauthorizedAccessException)
        {
            LogFailed(exportId, export.CameraId, ex.Message);
            return Refuse(500, $"export {exportId} failed: {ex.Message}");
        }

        var blobName = BlobNames.Export(clip.CameraId, exportId, clip.Start);
        LogExported(exportId, clip.CameraId, clip.Start, clip.End, clip.SizeBytes, blobName);
        var body = new JsonObject
        {
            ["status"] = 200,
            ["blobName"] = blobName,
            ["exportId"] = exportId,
            ["from"] = clip.Start.ToString("O", CultureInfo.InvariantCulture),
            ["to"] = clip.End.ToString("O", CultureInfo.InvariantCulture),
            ["clipPath"] = clip.ClipPath,
            ["sizeBytes"] = clip.SizeBytes,
        };
        return MethodResponse.Json(200, body.ToJsonString());
    }

    // The range must lie within what retention holds for the camera (with a second's leeway at each end).
    private static string? Held(IReadOnlyList<RecordedSegment> segments, ExportRequest export)
    {
        if (segments.Count == 0)
        {
            return $"unknown camera '{export.CameraId}': no footage of it is held";
        }

        var oldest = segments.Min(s => s.Start);
        var newest = segments.Max(s => s.End);
        if (export.From < oldest - Leeway)
        {
            return $"from ({export.From:O}) is before the oldest footage of camera '{export.CameraId}' still held ({oldest:O}; retention deleted what was older)";
        }

        if (export.To > newest + Leeway)
        {
            return $"to ({export.To:O}) is after the newest closed footage of camera '{export.CameraId}' ({newest:O})";
        }

        return null;
    }

    private string NewExportId() =>
        "export-" + _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private MethodResponse Refuse(int status, string error)
    {
        LogRefused(status, error);
        return MethodResponse.Json(status, new JsonObject { ["status"] = status, ["error"] = error }.ToJsonString());
    }

    [LoggerMessage(1, LogLevel.Information, "Export {ExportId} of {CameraId}: {From:O} to {To:O}, {SizeBytes} bytes, handed to BlobBuffer as {BlobName}")]
    private partial void LogExported(string exportId, string cameraId, DateTimeOffset from, DateTimeOffset to, long sizeBytes, string blobName);

    [LoggerMessage(2, LogLevel.Warning, "exportFootage refused ({Status}): {Error}")]
    private partial void LogRefused(int status, string error);

    [LoggerMessage(3, LogLevel.Error, "Export {ExportId} of {CameraId} failed: {Reason}")]
    private partial void LogFailed(string exportId, string cameraId, string reason);
}
