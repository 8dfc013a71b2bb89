using EdgeCam.CameraCapture.Journal;
using EdgeCam.CameraCapture.Outputs;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Contracts.Snapshots;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;
using static EdgeCam.CameraCapture.Tests.Journal.JournalEntries;

namespace EdgeCam.CameraCapture.Tests.Journal;

[Trait("Category", "Unit")]
public sealed class JournalRecoveryTests : IDisposable
{
    private static readonly TimeSpan MaxLength = TimeSpan.FromMinutes(5);
    private readonly TempDirectory _temp = new("recovery");
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RecoverAsync_EventOpenAtCrashStartedNeverSent_SendsStartedThenEndedAtLastSeenAndRemovesTheEntry()
    {
        var crashed = NewJournal();
        crashed.Begin(Started("porch-s-0001"), MaxLength);
        _time.Advance(MotionJournal.RefreshInterval);
        crashed.Refresh("porch-s-0001", Start.AddSeconds(6), 0.25, 30);

        var (messages, journal) = await RecoverAsync(expectedMessages: 2);

        Assert.Equal([MessageTypes.MotionStarted, MessageTypes.MotionEnded], messages.Select(m => m.MessageType()));
        Assert.Equal(["porch-s-0001:started", "porch-s-0001:ended"], messages.Select(m => m.MessageId));
        Assert.Equal(Started("porch-s-0001"), messages[0].Read(ContractsJsonContext.Default.MotionStarted), MotionStartedComparer.Instance);
        Assert.Equal(new MotionEnded("porch", "porch-s-0001", Start, Start.AddSeconds(6), 0.25, 30), messages[1].Read(ContractsJsonContext.Default.MotionEnded));
        await Eventually.TrueAsync(() => Directory.GetFiles(journal.Directory).Length == 0, "the entry is removed after motionEnded was sent");
        var line = Assert.Single(_logs.At(LogLevel.Warning));
        Assert.Contains("porch-s-0001", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecoverAsync_EndedEventStartedAlreadySent_SendsOnlyTheRecordedEnd()
    {
        var crashed = NewJournal();
        crashed.Begin(Started("porch-s-0001"), MaxLength);
        crashed.MarkStartedSent("porch-s-0001");
        var recorded = new MotionEnded("porch", "porch-s-0001", Start, Start.AddSeconds(7), 0.4, 35);
        crashed.End(recorded);

        var (messages, _) = await RecoverAsync(expectedMessages: 1);

        Assert.Equal(recorded, Assert.Single(messages).Read(ContractsJsonContext.Default.MotionEnded));
    }

    [Fact]
    public async Task RecoverAsync_SeveralEvents_EachStartedBeforeItsEndOldestEventFirst()
    {
        var crashed = NewJournal();
        crashed.Begin(Started("porch-s-0002", Start.AddSeconds(40)), MaxLength);
        crashed.Begin(Started("porch-s-0001", Start), MaxLength);
        crashed.End(new MotionEnded("porch", "porch-s-0001", Start, Start.AddSeconds(7), 0.4, 35));

        var (messages, _) = await RecoverAsync(expectedMessages: 4);

        Assert.Equal(["porch-s-0001:started", "porch-s-0001:ended", "porch-s-0002:started", "porch-s-0002:ended"], messages.Select(m => m.MessageId));
        Assert.Equal(2, _logs.At(LogLevel.Warning).Count);
    }

    [Fact]
    public async Task RecoverAsync_EmptyJournal_SendsNothingAndLogsNothing()
    {
        var (messages, _) = await RecoverAsync(expectedMessages: 0);

        Assert.Empty(messages);
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task RecoverAsync_EventWhoseSnapshotIsOnDisk_AnnouncesTheSnapshotAgainBeforeItsEnd()
    {
        var crashed = NewJournal();
        crashed.Begin(Started("porch-s-0001"), MaxLength);
        crashed.MarkStartedSent("porch-s-0001");
        var jpeg = new byte[] { 0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9 };
        var snapshot = new SnapshotReady("porch", "porch-s-0001", "snapshots/porch/porch-s-0001.jpg", Start, Start, jpeg.Length, Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(jpeg)));

        var (messages, _) = await RecoverAsync(expectedMessages: 2, started => started.EventId == "porch-s-0001" ? snapshot : null);

        Assert.Equal([MessageTypes.SnapshotReady, MessageTypes.MotionEnded], messages.Select(m => m.MessageType()));
        Assert.Equal(snapshot, messages[0].Read(ContractsJsonContext.Default.SnapshotReady));
        Assert.Equal("porch-s-0001:snapshot", messages[0].MessageId);
    }

    private async Task<(List<ModuleMessage> Messages, MotionJournal Journal)> RecoverAsync(int expectedMessages, Func<MotionStarted, SnapshotReady?>? snapshotOf = null)
    {
        await using var hub = TestHub.Create(new Dictionary<string, string>());
        var client = await hub.ClientAsync("CameraCapture");
        var journal = NewJournal();
        int recovered;
        await using (var output = new OutputSender(client, _logs.CreateLogger("output")))
        {
            recovered = await JournalRecovery.RecoverAsync(journal, output, _logs.CreateLogger("recovery"), CancellationToken.None, snapshotOf);
        }

        var messages = hub.Routed.Where(r => r.OutputName is MotionMessages.OutputName or "snapshots").Select(r => r.Message).ToList();
        Assert.Equal(expectedMessages, messages.Count);
        Assert.Equal(expectedMessages == 0 ? 0 : messages.Select(m => m.MessageId!.Split(':')[0]).Distinct().Count(), recovered);
        return (messages, journal);
    }

    private MotionJournal NewJournal() => new(_temp.Combine("journal", "camera", "porch"), _time, _logs.CreateLogger("journal"));

    // Records compare lists by reference; the regions and zones are compared by value here.
    private sealed class MotionStartedComparer : IEqualityComparer<MotionStarted>
    {
        public static readonly MotionStartedComparer Instance = new();

        public bool Equals(MotionStarted? x, MotionStarted? y) =>
            x is not null && y is not null
            && (x.CameraId, x.EventId, x.Start, x.Score, x.SnapshotPath) == (y.CameraId, y.EventId, y.Start, y.Score, y.SnapshotPath)
            && x.Regions.SequenceEqual(y.Regions) && x.Zones.SequenceEqual(y.Zones);

        public int GetHashCode(MotionStarted obj) => obj.EventId.GetHashCode(StringComparison.Ordinal);
    }
}
