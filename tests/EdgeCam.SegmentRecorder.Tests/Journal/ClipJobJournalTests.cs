using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Triggers;
using EdgeCam.SegmentRecorder.Settings;
using EdgeCam.SegmentRecorder.Cutting;
using EdgeCam.SegmentRecorder.Journal;
using EdgeCam.Testing;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.SegmentRecorder.Tests.Journal;

public sealed class ClipJobJournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("journal");
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_AfterRecordEnded_ReturnsTheJobWithTheSettingsItEndedUnder()
    {
        var job = new ClipJob(Ended("evt-1"), PreRollSeconds: 3, PostRollSeconds: 4, MaxClipSeconds: 60);
        Assert.True(Open().RecordEnded(job));

        var contents = Open().Load();

        Assert.Empty(contents.OpenEvents);
        Assert.Equal(job, Assert.Single(contents.Jobs));
    }

    [Fact]
    public void Load_AfterRecordOpen_ReturnsTheOpenEventProtectedFromStartMinusPreRoll()
    {
        Open().RecordOpen(new MotionStarted("cam1", "evt-2", T0, 0.2, []), preRollSeconds: 5);

        var open = Assert.Single(Open().Load().OpenEvents);

        Assert.Equal(("cam1", "evt-2", T0.AddSeconds(-5)), (open.CameraId, open.EventId, open.ProtectFrom));
    }

    [Fact]
    public void RecordEnded_AfterRecordOpen_ReplacesTheOpenEntry()
    {
        var journal = Open();
        journal.RecordOpen(new MotionStarted("cam1", "evt-3", T0, 0.2, []), 5);
        journal.RecordEnded(new ClipJob(Ended("evt-3"), 5, 5, 120));

        var contents = Open().Load();

        Assert.Empty(contents.OpenEvents);
        Assert.Equal("evt-3", Assert.Single(contents.Jobs).EventId);
    }

    [Fact]
    public void RecordEnded_JobJournaledAlready_ReturnsFalseAndKeepsItsProgress()
    {
        var journal = Open();
        var job = new ClipJob(Ended("evt-4"), 5, 5, 120);
        journal.RecordEnded(job);
        journal.RecordProgress(job with { Progress = Cut(part: 1, handedOver: true, last: false) });

        var again = journal.RecordEnded(job);

        Assert.False(again);
        Assert.Equal(2, Open().Load().Jobs.Single().Progress!.Resume!.Value.Part);
    }

    [Fact]
    public void RecordOpen_EventEndedAlready_ReturnsFalseAndKeepsTheJob()
    {
        var journal = Open();
        journal.RecordEnded(new ClipJob(Ended("evt-5"), 5, 5, 120));

        Assert.False(journal.RecordOpen(new MotionStarted("cam1", "evt-5", T0, 0.2, []), 5));
        Assert.Single(Open().Load().Jobs);
    }

    [Fact]
    public void Load_AfterRecordProgress_ReturnsThePartCutWithItsFileSizeAndMd5()
    {
        var journal = Open();
        var progress = Cut(part: 2, handedOver: false, last: false);
        journal.RecordProgress(new ClipJob(Ended("evt-6"), 5, 5, 120, progress));

        var loaded = Open().Load().Jobs.Single().Progress!;

        Assert.Equal(progress, loaded);
        Assert.True(loaded.AwaitsHandOver);
        Assert.Equal((2, T0.AddSeconds(100)), loaded.Resume);
    }

    [Fact]
    public void Complete_DeletesTheFile()
    {
        var journal = Open();
        journal.RecordEnded(new ClipJob(Ended("evt-7"), 5, 5, 120));
        Assert.True(File.Exists(journal.PathOf("evt-7")));

        journal.Complete("evt-7");

        Assert.False(File.Exists(journal.PathOf("evt-7")));
        Assert.Empty(Open().Load().Jobs);
    }

    [Fact]
    public void ForgetOpen_OpenEventButNotAnEndedOne_DeletesOnlyTheOpenOne()
    {
        var journal = Open();
        journal.RecordOpen(new MotionStarted("cam1", "evt-open", T0, 0.2, []), 5);
        journal.RecordEnded(new ClipJob(Ended("evt-ended"), 5, 5, 120));

        journal.ForgetOpen("evt-open");
        journal.ForgetOpen("evt-ended");

        var contents = Open().Load();
        Assert.Empty(contents.OpenEvents);
        Assert.Equal("evt-ended", Assert.Single(contents.Jobs).EventId);
    }

    [Theory]
    [InlineData("{\"version\":1,\"cameraId\":\"cam1\",\"eventId\":\"evt-bad\",\"sta")] // torn mid-write
    [InlineData("not json at all")]
    [InlineData("{\"version\":2,\"cameraId\":\"cam1\",\"eventId\":\"evt-bad\",\"start\":\"2026-11-21T12:00:00+00:00\"}")]
    [InlineData("{\"version\":1,\"cameraId\":\"cam1\",\"eventId\":\"other\",\"start\":\"2026-11-21T12:00:00+00:00\"}")]
    [InlineData("")]
    public void Load_UnreadableFile_MovedAsideWithOneWarningAndTheOthersLoaded(string content)
    {
        var journal = Open();
        journal.RecordEnded(new ClipJob(Ended("evt-good"), 5, 5, 120));
        var bad = journal.PathOf("evt-bad");
        File.WriteAllText(bad, content);

        var contents = Open().Load();

        Assert.Equal("evt-good", Assert.Single(contents.Jobs).EventId);
        Assert.False(File.Exists(bad));
        Assert.True(File.Exists(bad + ClipJobJournal.CorruptSuffix));
        var warning = Assert.Single(_logs.At(LogLevel.Warning));
        Assert.Contains(bad, warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TempFileLeftByATornWrite_DeletedAndThePreviousVersionLoaded()
    {
        var journal = Open();
        journal.RecordEnded(new ClipJob(Ended("evt-8"), 5, 5, 120));
        var temp = journal.PathOf("evt-8") + ".tmp";
        File.WriteAllText(temp, "{\"version\":1,\"cam");

        var contents = Open().Load();

        Assert.Equal("evt-8", Assert.Single(contents.Jobs).EventId);
        Assert.False(File.Exists(temp));
        Assert.Empty(_logs.At(LogLevel.Warning));
    }

    [Fact]
    public void RecordEnded_DirectoryUnwritable_LogsOneErrorAndKeepsTheJobInMemory()
    {
        var blocked = _dir.Combine("file-not-dir");
        File.WriteAllText(blocked, "x");
        var journal = new ClipJobJournal(Path.Combine(blocked, "recorder"), _logs.CreateLogger<ClipJobJournal>());

        Assert.True(journal.RecordEnded(new ClipJob(Ended("evt-9"), 5, 5, 120)));

        Assert.Equal(1, journal.Count);
        Assert.Contains("evt-9", Assert.Single(_logs.At(LogLevel.Error)), StringComparison.Ordinal);
    }

    [Fact]
    public void RecordEnded_TriggerCompletedBeforeARestart_ReturnsFalse()
    {
        var job = ClipJob.For(Trigger("door-1"), SegmentRecorderSettings.Default);
        var first = Open();
        first.Load();
        Assert.True(first.RecordEnded(job));
        first.Complete(job.EventId);

        var restarted = Open();
        restarted.Load();

        Assert.False(restarted.RecordEnded(job));
        Assert.True(restarted.RecordEnded(ClipJob.For(Trigger("door-2"), SegmentRecorderSettings.Default)));
        Assert.False(File.Exists(restarted.PathOf(job.EventId)));
    }

    [Fact]
    public void Load_TriggerJob_ReturnsItWithItsTriggerAndWindow()
    {
        var trigger = Trigger("panel.7") with { PreRollSeconds = 8, Reason = "alarm panel" };
        var job = ClipJob.For(trigger, SegmentRecorderSettings.Default);
        var journal = Open();
        journal.Load();
        journal.RecordEnded(job);

        var loaded = Assert.Single(Open().Load().Jobs);

        Assert.Equal(new ClipTrigger("panel.7", "method", "alarm panel"), loaded.Trigger);
        Assert.Equal(("trigger-panel.7", T0, T0.AddSeconds(30), 8.0, 0.0), (loaded.EventId, loaded.Motion.Start, loaded.Motion.End, loaded.PreRollSeconds, loaded.PostRollSeconds));
    }

    [Fact]
    public void Complete_MotionJob_LeavesNoMarkSoTheSameEventIdCanBeJournaledAgain()
    {
        var journal = Open();
        journal.Load();
        var job = new ClipJob(Ended("evt-again"), 5, 5, 120);
        journal.RecordEnded(job);
        journal.Complete(job.EventId);

        var restarted = Open();
        restarted.Load();

        Assert.True(restarted.RecordEnded(job));
    }

    private static RecordingTrigger Trigger(string id) => new("cam1", id, T0, DurationSeconds: 30, Source: "method");

    private ClipJobJournal Open() => new(_dir.Combine("journal", "recorder"), _logs.CreateLogger<ClipJobJournal>());

    private static MotionEnded Ended(string eventId) => new("cam1", eventId, T0, T0.AddSeconds(200), 0.4, 40);

    private static ClipJobProgress Cut(int part, bool handedOver, bool last) => new(
        part,
        T0.AddSeconds(100),
        T0.AddSeconds(219.5),
        last,
        new ClipReady("cam1", $"evt.part{part}", $"clips/cam1/evt.part{part}.mp4", T0.AddSeconds(99.5), T0.AddSeconds(219.5), 12345, "q83vEjRWeJCrze8SNFZ4kA==", part, last),
        handedOver);
}
