using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Upload;

namespace EdgeCam.BlobBuffer.Tests.Upload;

[Trait("Category", "Unit")]
public sealed class BlobNamingTests
{
    [Fact]
    public void For_StartWithOffset_UsesUtcDate()
    {
        var start = new DateTimeOffset(2026, 11, 21, 0, 30, 0, TimeSpan.FromHours(2)); // 2026-11-20 22:30 UTC
        var clip = new BufferedClip("id", "front", "evt-7", "x.mp4", start, start, 1, "md5", start);

        Assert.Equal("front/2026/11/20/evt-7.mp4", BlobNaming.For(clip));
    }

    [Fact]
    public void For_TimelapseOfTheDayAndOneMadeOnDemand_TwoNamesInTheDaysFolder()
    {
        var day = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var final = new BufferedClip("a", "front", "timelapse-2026-12-01", "timelapse/front/2026-12-01.mp4", day, day.AddDays(1), 1, "md5", day) { Kind = BlobKinds.Timelapse };
        var partial = final with { Id = "b", EventId = "timelapse-2026-12-01-partial-083000", ClipPath = "timelapse/front/2026-12-01-partial-083000.mp4", End = day.AddHours(8.5) };

        Assert.Equal(
            ("front/timelapse/2026/12/2026-12-01.mp4", "front/timelapse/2026/12/2026-12-01-partial-083000.mp4"),
            (BlobNaming.For(final), BlobNaming.For(partial)));
    }
}
