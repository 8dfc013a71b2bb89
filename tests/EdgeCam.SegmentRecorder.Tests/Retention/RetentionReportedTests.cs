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
            """{"spoolBytes":6000,"segments":6,"protectedSegments":2,"evictedSegments":4,"evictedBytes":4000,"evictedByAge":1,"evictedBySize":3,"clipBytes":900,"clips":3,"protectedClips":1,"evictedClips":5,"evictedClipBytes":1500,"evictedClipsByAge":4,"evictedClipsBySize":1,"floorBytes":0,"floor":"met"}""",
            retention.ToJsonString());
    }
}
