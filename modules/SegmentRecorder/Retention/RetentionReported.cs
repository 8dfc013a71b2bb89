using System.Text.Json.Nodes;

namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>The <c>retention</c> section of the module's reported properties.</summary>
public static class RetentionReported
{
    /// <summary>The reported-properties patch for <paramref name="report"/>.</summary>
    public static JsonObject ToPatch(RetentionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["retention"] = new JsonObject
            {
                ["spoolBytes"] = report.SpoolBytes,
                ["segments"] = report.Segments,
                ["protectedSegments"] = report.ProtectedSegments,
                ["evictedSegments"] = report.EvictedSegments,
                ["evictedBytes"] = report.EvictedBytes,
                ["evictedByAge"] = report.EvictedByAge,
                ["evictedBySize"] = report.EvictedBySize,
                ["clipBytes"] = report.ClipBytes,
                ["clips"] = report.Clips,
                ["protectedClips"] = report.ProtectedClips,
                ["evictedClips"] = report.EvictedClips,
                ["evictedClipBytes"] = report.EvictedClipBytes,
                ["evictedClipsByAge"] = report.EvictedClipsByAge,
                ["evictedClipsBySize"] = report.EvictedClipsBySize,
                ["floorBytes"] = report.FloorBytes,
                ["floor"] = report.Floor switch
                {
                    FloorState.Evicting => "evicting",
                    FloorState.Unmet => "unmet",
                    _ => "met",
                },
                ["freeBytes"] = report.FreeBytes,
                ["volumeBytes"] = report.VolumeBytes,
            },
        };
    }
}
