using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Edge.Volumes;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Retention;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;

namespace EdgeCam.SegmentRecorder.Tests.Retention;

[Trait("Category", "Unit")]
public sealed class RetentionSweeperTests : IDisposable
{
    private readonly TempDirectory _dir = new("retain");
    private readonly SharedVolume _volume;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow.AddMinutes(-10);

    public RetentionSweeperTests()
    {
        _volume = new SharedVolume(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Sweep_OverSizeWithOpenEvent_DeletesOldestUnprotectedAndCounts()
    {
        var dir = SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 10, segmentSeconds: 10, bytes: 1000);
        var index = new SegmentIndex(_volume);
        index.Refresh();
        var protections = new EventProtections();
        protections.Protect("evt", new ProtectedWindow("cam1", _started.AddSeconds(5), _started.AddSeconds(15), IsOpenEvent: true)); // segments 1 and 2
        var sweeper = new RetentionSweeper(index, _volume, protections, TimeProvider.System);

        var report = sweeper.Sweep(new RetentionLimits(MaxBytes: 6000, MaxSegmentAge: TimeSpan.FromHours(1), MaxClipAge: TimeSpan.FromDays(3)), openEventGrace: TimeSpan.FromHours(1));

        Assert.True(File.Exists(Path.Combine(dir, "seg_000001.ts")));
        Assert.True(File.Exists(Path.Combine(dir, "seg_000002.ts")));
        Assert.False(File.Exists(Path.Combine(dir, "seg_000003.ts")));
        Assert.False(File.Exists(Path.Combine(dir, "seg_000006.ts")));
        Assert.True(File.Exists(Path.Combine(dir, "seg_000007.ts")));
        Assert.Equal(new RetentionReport(SpoolBytes: 6000, Segments: 6, ProtectedSegments: 2, EvictedSegments: 4, EvictedBytes: 4000, EvictedByAge: 0, EvictedBySize: 4), report with { FreeBytes = null, VolumeBytes = null });
        Assert.Equal(6, index.AllSegments().Count);
    }

    [Fact]
    public void Sweep_EndedSessionFullyAgedOut_RemovesItsDirectory()
    {
        var old = new CaptureSession("cam1", "old", _started.AddHours(-3), 10, _started.AddHours(-3).AddSeconds(30));
        var oldDir = SpoolWriter.WritePlaceholders(_volume, old, count: 3, segmentSeconds: 10, bytes: 500);
        SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "new", _started, 10), count: 2, segmentSeconds: 10, bytes: 500);
        var index = new SegmentIndex(_volume);
        index.Refresh();
        var sweeper = new RetentionSweeper(index, _volume, new EventProtections(), TimeProvider.System);

        var report = sweeper.Sweep(new RetentionLimits(MaxBytes: long.MaxValue, MaxSegmentAge: TimeSpan.FromHours(1), MaxClipAge: TimeSpan.FromDays(3)), openEventGrace: TimeSpan.FromHours(1));

        Assert.False(Directory.Exists(oldDir));
        Assert.Equal(3, report.EvictedByAge);
        Assert.Equal(2, index.AllSegments().Count);
    }

    [Fact]
    public void Sweep_OverSizeWithClips_DeletesSegmentsBeforeClipsAndCountsBoth()
    {
        var dir = SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 3, segmentSeconds: 10, bytes: 1000);
        var oldClip = WriteClip("evt-old", DateTimeOffset.UtcNow.AddHours(-48), bytes: 1000);
        var newClip = WriteClip("evt-new", DateTimeOffset.UtcNow.AddHours(-30), bytes: 1000);
        var index = new SegmentIndex(_volume);
        index.Refresh();
        var sweeper = new RetentionSweeper(index, _volume, new EventProtections(), TimeProvider.System);

        var report = sweeper.Sweep(new RetentionLimits(MaxBytes: 1500, MaxSegmentAge: TimeSpan.FromHours(1), MaxClipAge: TimeSpan.FromDays(3)), openEventGrace: TimeSpan.FromHours(1));

        Assert.Empty(Directory.EnumerateFiles(dir, "*.ts"));
        Assert.False(File.Exists(oldClip));
        Assert.True(File.Exists(newClip));
        Assert.Equal((3, 1, 0L, 1L, 1000L, 1), (report.EvictedSegments, report.EvictedClips, report.EvictedClipsByAge, report.EvictedClipsBySize, report.ClipBytes, report.Clips));
    }

    [Fact]
    public void Sweep_ClipOlderThanClipRetention_DeletesItAndCountsByAge()
    {
        var expired = WriteClip("evt-expired", DateTimeOffset.UtcNow.AddHours(-73), bytes: 500);
        var kept = WriteClip("evt-kept", DateTimeOffset.UtcNow.AddHours(-2), bytes: 500);
        var index = new SegmentIndex(_volume);
        var sweeper = new RetentionSweeper(index, _volume, new EventProtections(), TimeProvider.System);

        var report = sweeper.Sweep(new RetentionLimits(MaxBytes: long.MaxValue, MaxSegmentAge: TimeSpan.FromHours(1), MaxClipAge: TimeSpan.FromHours(72)), openEventGrace: TimeSpan.FromHours(1));

        Assert.False(File.Exists(expired));
        Assert.True(File.Exists(kept));
        Assert.Equal((1L, 1L, 500L, 1, 500L, 1), (report.EvictedClips, report.EvictedClipsByAge, report.EvictedClipBytes, report.Clips, report.ClipBytes, report.ProtectedClips));
    }

    [Fact]
    public void Sweep_ClipBeingWritten_IsNeitherCountedNorDeleted()
    {
        var partial = Path.Combine(_volume.ClipsDirectory("cam1"), ".evt.mp4.partial");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        File.WriteAllBytes(partial, new byte[100]);
        File.SetLastWriteTimeUtc(partial, DateTime.UtcNow.AddDays(-10));
        var sweeper = new RetentionSweeper(new SegmentIndex(_volume), _volume, new EventProtections(), TimeProvider.System);

        var report = sweeper.Sweep(new RetentionLimits(MaxBytes: 0, MaxSegmentAge: TimeSpan.FromHours(1), MaxClipAge: TimeSpan.FromHours(24)), openEventGrace: TimeSpan.FromHours(1));

        Assert.True(File.Exists(partial));
        Assert.Equal((0, 0L), (report.Clips, report.EvictedClips));
    }

    [Fact]
    public void Sweep_FreeSpaceBelowFloor_EvictsUploadedThenOldestFootageButNothingAnOpenEventNeeds()
    {
        var dir = SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 6, segmentSeconds: 10, bytes: 1000);
        var uploaded = WriteClip("evt-up", DateTimeOffset.UtcNow.AddHours(-1), bytes: 1000);
        File.WriteAllBytes(uploaded + UploadedClipMarker.Suffix, []);
        var young = WriteClip("evt-young", DateTimeOffset.UtcNow.AddHours(-1), bytes: 1000);
        var space = new FakeFreeSpace(_dir.Path, totalBytes: 100_000, otherBytes: 90_000); // ours 8000 → 2000 free
        var sweeper = Sweeper(space, ProtectOpen(_started.AddSeconds(45))); // segments 5 and 6 (40..60 s)

        var report = sweeper.Sweep(Limits(minFreeBytes: 7000), openEventGrace: TimeSpan.FromHours(1));

        Assert.False(File.Exists(uploaded), "uploaded clips go first");
        Assert.Equal(["seg_000005.ts", "seg_000006.ts"], Directory.EnumerateFiles(dir, "*.ts").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(young), "event clips go last: the floor was met before them");
        Assert.Equal((FloorState.Evicting, 7000L), (report.Floor, report.FloorBytes));
        Assert.True(space.Read()!.FreeBytes >= 7000);
    }

    [Fact]
    public void Sweep_FloorCannotBeMet_EvictsClipsLastKeepsProtectedAndReportsUnmet()
    {
        var dir = SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 6, segmentSeconds: 10, bytes: 1000);
        var young = WriteClip("evt-young", DateTimeOffset.UtcNow.AddHours(-1), bytes: 1000);
        var space = new FakeFreeSpace(_dir.Path, totalBytes: 100_000, otherBytes: 90_000);
        var sweeper = Sweeper(space, ProtectOpen(_started.AddSeconds(45)));

        var report = sweeper.Sweep(Limits(minFreePercent: 20), openEventGrace: TimeSpan.FromHours(1)); // 20 000 > anything we hold

        Assert.False(File.Exists(young));
        Assert.Equal(2, Directory.EnumerateFiles(dir, "*.ts").Count());
        Assert.Equal((FloorState.Unmet, 20_000L, 2), (report.Floor, report.FloorBytes, report.ProtectedSegments));
    }

    [Fact]
    public void Sweep_EventOpenLongerThanOldProtectionWindow_KeepsItsSegments()
    {
        var dir = SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 40, segmentSeconds: 10, bytes: 1000);
        var clock = new ManualTimeProvider(_started.AddSeconds(410)); // open for 390 s: the old window (start + 120 s + 150 s grace) had expired
        var protections = new EventProtections();
        protections.Protect("evt-long", ProtectedWindow.ForOpenEvent("cam1", _started.AddSeconds(15))); // start 20 s − pre-roll 5 s
        var index = new SegmentIndex(_volume);
        index.Refresh();
        var sweeper = new RetentionSweeper(index, _volume, protections, clock, space: new FakeFreeSpace(_dir.Path, 1L << 40, 0));

        var report = sweeper.Sweep(Limits() with { MaxBytes = 0 }, openEventGrace: TimeSpan.FromSeconds(150));

        Assert.False(File.Exists(Path.Combine(dir, "seg_000001.ts")), "footage before the pre-roll is not the event's");
        Assert.Equal(39, Directory.EnumerateFiles(dir, "*.ts").Count());
        Assert.Equal((39, 1L), (report.ProtectedSegments, report.EvictedSegments));
    }

    [Fact]
    public void Sweep_OpenEventOlderThanLongestEvent_StopsProtecting()
    {
        SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 3, segmentSeconds: 10, bytes: 1000);
        var clock = new ManualTimeProvider(_started + EventProtections.LongestEvent + TimeSpan.FromMinutes(5));
        var protections = new EventProtections();
        protections.Protect("evt-lost", ProtectedWindow.ForOpenEvent("cam1", _started));
        var index = new SegmentIndex(_volume);
        index.Refresh();
        var sweeper = new RetentionSweeper(index, _volume, protections, clock, space: new FakeFreeSpace(_dir.Path, 1L << 40, 0));

        var report = sweeper.Sweep(Limits() with { MaxBytes = 0 }, openEventGrace: TimeSpan.FromSeconds(150));

        Assert.Equal((0, 3L), (report.ProtectedSegments, report.EvictedSegments));
    }

    [Fact]
    public void Sweep_FloorRestoredThenHeldAtIt_StaysEvictingUntilATenthToSpare()
    {
        SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 6, segmentSeconds: 10, bytes: 1000);
        var space = new FakeFreeSpace(_dir.Path, totalBytes: 100_000, otherBytes: 85_000); // ours 6000 → 9000 free
        var sweeper = Sweeper(space, new EventProtections());
        var limits = Limits(minFreeBytes: 10_000);

        var restored = sweeper.Sweep(limits, TimeSpan.FromHours(1)).Floor;  // evicts one segment: 10 000 free
        var held = sweeper.Sweep(limits, TimeSpan.FromHours(1)).Floor;      // at the floor, less than a tenth to spare
        space.OtherBytes = 80_000;
        var met = sweeper.Sweep(limits, TimeSpan.FromHours(1)).Floor;       // 15 000 free

        Assert.Equal((FloorState.Evicting, FloorState.Evicting, FloorState.Met), (restored, held, met));
    }

    [Fact]
    public void Sweep_FreeSpaceBelowFloor_ReportsFreeAndVolumeBytesReadAfterTheEvictions()
    {
        SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 6, segmentSeconds: 10, bytes: 1000);
        var space = new FakeFreeSpace(_dir.Path, totalBytes: 100_000, otherBytes: 88_000); // ours 6000 → 6000 free
        var sweeper = Sweeper(space, new EventProtections());

        var report = sweeper.Sweep(Limits(minFreeBytes: 8000), TimeSpan.FromHours(1)); // evicts two segments

        Assert.Equal((8000L, 100_000L), (report.FreeBytes, report.VolumeBytes));
    }

    [Fact]
    public void NeedsFloorPass_BelowFloor_TrueUntilAPassThenOnlyWhenFreeSpaceMoves()
    {
        SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 2, segmentSeconds: 10, bytes: 1000);
        var space = new FakeFreeSpace(_dir.Path, totalBytes: 100_000, otherBytes: 97_000); // 1000 free, floor 5000: unmet
        var sweeper = Sweeper(space, ProtectOpen(_started));
        var limits = Limits(minFreeBytes: 5000);

        var beforeAnyPass = sweeper.NeedsFloorPass(limits);
        var report = sweeper.Sweep(limits, TimeSpan.FromHours(1));
        var unchanged = sweeper.NeedsFloorPass(limits);
        space.OtherBytes += 300; // something writes
        var filling = sweeper.NeedsFloorPass(limits);
        space.OtherBytes = 0;
        var aboveFloor = sweeper.NeedsFloorPass(limits);

        Assert.Equal(FloorState.Unmet, report.Floor);
        Assert.Equal((true, false, true, false), (beforeAnyPass, unchanged, filling, aboveFloor));
    }

    private static RetentionLimits Limits(long minFreeBytes = 0, double minFreePercent = 0) =>
        new(MaxBytes: long.MaxValue, MaxSegmentAge: TimeSpan.FromHours(1), MaxClipAge: TimeSpan.FromDays(3)) { MinFreeBytes = minFreeBytes, MinFreePercent = minFreePercent };

    private static EventProtections ProtectOpen(DateTimeOffset start)
    {
        var protections = new EventProtections();
        protections.Protect("evt-open", new ProtectedWindow("cam1", start, start.AddSeconds(10), IsOpenEvent: true));
        return protections;
    }

    private RetentionSweeper Sweeper(IFreeSpaceReader space, EventProtections protections)
    {
        var index = new SegmentIndex(_volume);
        index.Refresh();
        return new RetentionSweeper(index, _volume, protections, TimeProvider.System, space: space);
    }

    private string WriteClip(string eventId, DateTimeOffset writtenAt, int bytes)
    {
        var path = Path.Combine(_volume.ClipsDirectory("cam1"), eventId + ".mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
        File.SetLastWriteTimeUtc(path, writtenAt.UtcDateTime);
        return path;
    }
}
