using System.Globalization;
using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Upload;

namespace EdgeCam.BlobBuffer.Reporting;

/// <summary>
/// The <c>buffer</c> object of the reported properties. <see cref="Changes"/> returns only what changed since the last
/// report, so the twin is written on change and never per retry.
/// </summary>
public sealed class BufferStatusReport
{
    /// <summary>The reported property holding the status.</summary>
    public const string PropertyName = "buffer";

    private readonly Dictionary<string, string?> _lastSent = new(StringComparer.Ordinal);

    /// <summary>The current values by reported name (a null value is reported as JSON null, which removes it).</summary>
    public static Dictionary<string, JsonNode?> Snapshot(ClipStore store, ClipUploader uploader, string target)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(uploader);
        var pending = store.Pending();
        var oldest = pending.Count > 0 ? pending[0] : null;
        return new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["target"] = target,
            ["pendingCount"] = store.PendingCount,
            ["bufferedBytes"] = store.BufferedBytes,
            ["maxBufferBytes"] = store.MaxBufferBytes,
            ["uploadedCount"] = store.UploadedCount,
            ["evictedCount"] = store.EvictedCount,
            ["rejectedCount"] = store.RejectedCount,
            ["oldestPendingStart"] = oldest?.Start.ToString("O", CultureInfo.InvariantCulture),
            ["lastUploadAt"] = uploader.LastUploadAt?.ToString("O", CultureInfo.InvariantCulture),
            ["lastError"] = uploader.LastError,
        };
    }

    /// <summary>The patch <c>{"buffer": {changed values}}</c>, or null when nothing changed.</summary>
    public JsonObject? Changes(Dictionary<string, JsonNode?> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var changed = new JsonObject();
        foreach (var (name, value) in snapshot)
        {
            var text = value?.ToJsonString();
            if (_lastSent.TryGetValue(name, out var previous) && previous == text)
            {
                continue;
            }

            _lastSent[name] = text;
            changed[name] = value;
        }

        return changed.Count == 0 ? null : new JsonObject { [PropertyName] = changed };
    }
}
