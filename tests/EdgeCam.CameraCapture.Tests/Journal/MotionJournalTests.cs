using EdgeCam.CameraCapture.Journal;
using EdgeCam.Contracts.Motion;
using EdgeCam.Edge.Durability;
using EdgeCam.Testing;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;
using static EdgeCam.CameraCapture.Tests.Journal.JournalEntries;

namespace EdgeCam.CameraCapture.Tests.Journal;

[Trait("Category", "Unit")]
public sealed class MotionJournalTests : IDisposable
{
    private static readonly TimeSpan MaxLength = TimeSpan.FromMinutes(5);
    private readonly TempDirectory _temp = new("journal");
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Begin_NewEvent_WritesEntryWithStartedNotYetSent()
    {
        var journal = NewJournal();

        journal.Begin(Started("porch-s-0001"), MaxLength);

        var entry = Read(journal.PathOf("porch-s-0001"));
        Assert.Equal("porch-s-0001", entry.Started.EventId);
        Assert.Equal(["gate"], entry.Started.Zones);
        Assert.Equal("snapshots/porch/porch-s-0001.jpg", entry.Started.SnapshotPath);
        Assert.False(entry.StartedSent);
        Assert.Equal(Start, entry.LastSeen);
        Assert.Equal(MaxLength, entry.MaxEventLength);
        Assert.Null(entry.Ended);
        Assert.Equal(["porch-s-0001.json"], Directory.GetFiles(journal.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Refresh_BeforeAndAfterTheInterval_WrittenOnlyOnceTheIntervalPassed()
    {
        var journal = NewJournal();
        journal.Begin(Started("porch-s-0001"), MaxLength);

        _time.Advance(MotionJournal.RefreshInterval - TimeSpan.FromMilliseconds(1));
        journal.Refresh("porch-s-0001", Start.AddSeconds(1), 0.2, 6);
        var early = Read(journal.PathOf("porch-s-0001"));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        journal.Refresh("porch-s-0001", Start.AddSeconds(2), 0.3, 11);
        var due = Read(journal.PathOf("porch-s-0001"));

        Assert.Equal(Start, early.LastSeen);
        Assert.Equal((Start.AddSeconds(2), 0.3, 11), (due.LastSeen, due.PeakScore, due.MotionFrames));
    }

    [Fact]
    public void End_OpenEvent_RecordsTheEndAndLaterRefreshesChangeNothing()
    {
        var journal = NewJournal();
        journal.Begin(Started("porch-s-0001"), MaxLength);
        var ended = new MotionEnded("porch", "porch-s-0001", Start, Start.AddSeconds(7), 0.4, 35);

        journal.End(ended);
        _time.Advance(TimeSpan.FromSeconds(10));
        journal.Refresh("porch-s-0001", Start.AddSeconds(9), 0.9, 50);

        var entry = Read(journal.PathOf("porch-s-0001"));
        Assert.Equal(ended, entry.Ended);
        Assert.Equal(ended, entry.Ending());
    }

    [Fact]
    public void MarkStartedSent_OpenEvent_WritesTheFlag()
    {
        var journal = NewJournal();
        journal.Begin(Started("porch-s-0001"), MaxLength);

        journal.MarkStartedSent("porch-s-0001");

        Assert.True(Read(journal.PathOf("porch-s-0001")).StartedSent);
    }

    [Fact]
    public void Remove_EndedEvent_DeletesTheFileAndLateCallsDoNotBringItBack()
    {
        var journal = NewJournal();
        journal.Begin(Started("porch-s-0001"), MaxLength);
        journal.End(new MotionEnded("porch", "porch-s-0001", Start, Start.AddSeconds(7), 0.4, 35));

        journal.Remove("porch-s-0001");
        journal.MarkStartedSent("porch-s-0001");
        _time.Advance(TimeSpan.FromSeconds(10));
        journal.Refresh("porch-s-0001", Start.AddSeconds(9), 0.9, 50);

        Assert.Empty(Directory.GetFiles(journal.Directory));
    }

    [Fact]
    public void ReadLeftovers_SeveralEvents_OldestFirstWithTheirState()
    {
        var before = NewJournal();
        before.Begin(Started("porch-b-0001", Start.AddMinutes(1)), MaxLength);
        before.Begin(Started("porch-a-0001", Start), MaxLength);
        before.MarkStartedSent("porch-a-0001");
        before.End(new MotionEnded("porch", "porch-a-0001", Start, Start.AddSeconds(7), 0.4, 35));

        var leftovers = NewJournal().ReadLeftovers();

        Assert.Equal(["porch-a-0001", "porch-b-0001"], leftovers.Select(e => e.Started.EventId));
        Assert.True(leftovers[0].StartedSent);
        Assert.NotNull(leftovers[0].Ended);
        Assert.False(leftovers[1].StartedSent);
        Assert.Null(leftovers[1].Ended);
    }

    [Fact]
    public void ReadLeftovers_TornFile_OneWarningNamingItMovedAsideAndTheOthersKept()
    {
        var before = NewJournal();
        before.Begin(Started("porch-s-0001"), MaxLength);
        before.Begin(Started("porch-s-0002", Start.AddSeconds(30)), MaxLength);
        var torn = before.PathOf("porch-s-0002");
        var bytes = File.ReadAllBytes(torn);
        File.WriteAllBytes(torn, bytes[..(bytes.Length / 2)]);

        var after = NewJournal();
        var leftovers = after.ReadLeftovers();

        Assert.Equal("porch-s-0001", Assert.Single(leftovers).Started.EventId);
        var warning = Assert.Single(_logs.At(LogLevel.Warning));
        Assert.Contains(torn, warning, StringComparison.Ordinal);
        Assert.Equal(bytes[..(bytes.Length / 2)], File.ReadAllBytes(torn + ".corrupt"));
        Assert.False(File.Exists(torn));
        Assert.DoesNotContain(after.ReadLeftovers(), e => e.Started.EventId == "porch-s-0002");
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"started\":null}")]
    [InlineData("not json")]
    public void ReadLeftovers_NotAnEntry_MovedAsideWithOneWarning(string content)
    {
        var journal = NewJournal();
        Directory.CreateDirectory(journal.Directory);
        File.WriteAllText(journal.PathOf("porch-s-0001"), content);

        var leftovers = journal.ReadLeftovers();

        Assert.Empty(leftovers);
        Assert.Single(_logs.At(LogLevel.Warning));
        Assert.True(File.Exists(journal.PathOf("porch-s-0001") + ".corrupt"));
    }

    [Fact]
    public void ReadLeftovers_EntryUnderAnotherEventsName_MovedAside()
    {
        var journal = NewJournal();
        journal.Begin(Started("porch-s-0001"), MaxLength);
        File.Move(journal.PathOf("porch-s-0001"), journal.PathOf("porch-s-0009"));

        var leftovers = NewJournal().ReadLeftovers();

        Assert.Empty(leftovers);
        Assert.Contains("porch-s-0009", Assert.Single(_logs.At(LogLevel.Warning)), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLeftovers_CompleteAndTornTemporaries_CompletePromotedTornDeletedWithoutWarning()
    {
        var before = NewJournal();
        before.Begin(Started("porch-s-0001"), MaxLength);
        before.Begin(Started("porch-s-0002"), MaxLength);
        var newer = File.ReadAllBytes(before.PathOf("porch-s-0001"));
        before.MarkStartedSent("porch-s-0001");
        var entry1 = before.PathOf("porch-s-0001");
        File.Move(entry1, entry1 + DurableFile.TemporarySuffix); // crashed after the temporary was complete, before the rename
        File.WriteAllBytes(entry1, newer);
        File.WriteAllText(before.PathOf("porch-s-0002") + DurableFile.TemporarySuffix, "{\"started\":{\"came"); // crashed mid-write

        var leftovers = NewJournal().ReadLeftovers();

        Assert.Equal(2, leftovers.Count);
        Assert.True(leftovers.Single(e => e.Started.EventId == "porch-s-0001").StartedSent);
        Assert.Empty(_logs.At(LogLevel.Warning));
        Assert.Equal(["porch-s-0001.json", "porch-s-0002.json"], Directory.GetFiles(before.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadLeftovers_NoDirectory_Empty()
    {
        Assert.Empty(NewJournal().ReadLeftovers());
    }

    [Fact]
    public void Begin_DirectoryCannotBeCreated_DoesNotThrowAndWarnsOnceUntilWritesWorkAgain()
    {
        var blocked = _temp.Combine("blocked");
        File.WriteAllText(blocked, "a file where the journal directory should be");
        var journal = new MotionJournal(Path.Combine(blocked, "porch"), _time, _logs.CreateLogger("journal"));

        journal.Begin(Started("porch-s-0001"), MaxLength);
        journal.Begin(Started("porch-s-0002"), MaxLength);
        File.Delete(blocked);
        journal.Begin(Started("porch-s-0003"), MaxLength);

        Assert.Contains(blocked, Assert.Single(_logs.At(LogLevel.Warning)), StringComparison.Ordinal);
        Assert.Single(_logs.At(LogLevel.Information));
        Assert.True(File.Exists(journal.PathOf("porch-s-0003")));
    }

    private MotionJournal NewJournal() => new(_temp.Combine("journal", "camera", "porch"), _time, _logs.CreateLogger("journal"));
}
