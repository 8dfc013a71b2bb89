using EdgeCam.Contracts.Blobs;

namespace EdgeCam.Contracts.Tests.Blobs;

public sealed class BlobNamesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 23, 59, 58, TimeSpan.FromHours(-1));

    [Fact]
    public void Clip_StartBeforeUtcMidnightInLocalTime_DatedByTheUtcDay() =>
        Assert.Equal("cam1/2026/12/01/evt-1.mp4", BlobNames.Clip("cam1", "evt-1", Start));

    [Fact]
    public void Footage_Start_NamedAndDatedByItsUtcStartUnderFootage() =>
        Assert.Equal("cam1/footage/2026/12/01/20261201T005958Z.mp4", BlobNames.Footage("cam1", Start));

    [Fact]
    public void Export_RangeStart_NamedByTheExportIdUnderExports() =>
        Assert.Equal("cam1/exports/2026/12/01/exp-7.mp4", BlobNames.Export("cam1", "exp-7", Start));

    [Fact]
    public void Timelapse_DaysEventId_OneBlobPerUtcDay() =>
        Assert.Equal("cam1/timelapse/2026/12/2026-12-01.mp4", BlobNames.Timelapse("cam1", "timelapse-2026-12-01", Start));

    [Fact]
    public void Timelapse_PartialEventId_BesideTheDaysNotOverIt() =>
        Assert.Equal("cam1/timelapse/2026/12/2026-12-01-partial-083000.mp4", BlobNames.Timelapse("cam1", "timelapse-2026-12-01-partial-083000", Start));
}
