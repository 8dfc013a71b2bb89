using EdgeCam.SegmentRecorder.Retention;

namespace EdgeCam.SegmentRecorder.Tests.Retention;

[Trait("Category", "Unit")]
public sealed class RetentionReportedTests
{
    [Fact]
    public void ToPatch_ReportWithClips_ReportsSegmentAndClipCounters()
    {
        var report = new RetentionReport(SpoolBytes: 6000, Segments: 6, ProtectedSegments: 2, EvictedSegments: 4, EvictedBytes: 4000, EvictedByAge: 1, EvictedBySize: 3)
        {
            ClipBytes = 900,
            Clips = 3,
            ProtectedClips = 1,
            EvictedClips = 5,
            EvictedClipBytes = 1500,
            EvictedClipsByAge = 4,
            EvictedClipsBySize = 1,
        };

        var retention = RetentionReported.ToPatch(report)["retention"]!.AsObject();

        Assert.Equal(
            """{"spoolBytes":6000,"segments":6,"protectedSegments":2,"evictedSegments":4,"evictedBytes":4000,"evictedByAge":1,"evictedBySize":3,"clipBytes":900,"clips":3,"protectedClips":1,"evictedClips":5,"evictedClipBytes":1500,"evictedClipsByAge":4,"evictedClipsBySize":1,"floorBytes":0,"floor":"met","freeBytes":null,"volumeBytes":null}""",
            retention.ToJsonString());
    }

    [Fact]
    public void ToPatch_FloorUnmet_ReportsStateFloorFreeAndVolumeBytes()
    {
        var report = new RetentionReport(0, 0, 0, 0, 0, 0, 0) { FloorBytes = 5000, Floor = FloorState.Unmet, FreeBytes = 1200, VolumeBytes = 100_000 };

        var retention = RetentionReported.ToPatch(report)["retention"]!.AsObject();

        Assert.Equal(("unmet", 5000L, 1200L, 100_000L), ((string)retention["floor"]!, (long)retention["floorBytes"]!, (long)retention["freeBytes"]!, (long)retention["volumeBytes"]!));
    }
}
