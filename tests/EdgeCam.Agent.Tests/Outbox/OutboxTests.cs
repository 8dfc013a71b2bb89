using System.Text;
using EdgeCam.Agent.Outbox;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Tests.Outbox;

[Trait("Category", "Unit")]
public sealed class OutboxTests : IDisposable
{
    private readonly TempDirectory _directory = new("outbox");
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose()
    {
        _directory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Enqueue_ThenReopen_HandsOutEverythingInOrderWithTheSameMessageIds()
    {
        var mids = new List<string>();
        await using (var outbox = Open())
        {
            for (int i = 0; i < 5; i++)
            {
                mids.Add(await outbox.EnqueueAsync("EventRouter", Message(i), CancellationToken.None));
            }

            mids.Add(await outbox.EnqueueAsync("EventRouter", Message(5) with { MessageId = "own-id", Properties = new Dictionary<string, string> { ["messageType"] = "alert" } }, CancellationToken.None));
        }

        await using var reopened = Open();
        var drained = await DrainAsync(reopened, 6);

        Assert.Equal(mids, drained.Select(e => e.Message.MessageId));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $$"""{"n":{{i}}}"""), drained.Select(e => e.Message.BodyText));
        Assert.Equal("own-id", drained[5].Message.MessageId);
        Assert.Equal("alert", drained[5].Message.Properties["messageType"]);
        Assert.Equal("EventRouter", drained[0].FromModuleId);
        Assert.Equal(0, reopened.Count);
    }

    [Fact]
    public async Task Acknowledge_SurvivesReopen_AndFullyCommittedSegmentsAreDeleted()
    {
        var options = new OutboxOptions(_directory.Path) { SegmentBytes = 1024 };
        await using (var outbox = Open(options))
        {
            for (int i = 0; i < 40; i++)
            {
                await outbox.EnqueueAsync("EventRouter", Message(i), CancellationToken.None);
            }

            int segments = Directory.GetFiles(_directory.Path, "*.seg").Length;
            var first30 = await DrainAsync(outbox, 30);
            Assert.True(segments > 3, $"{segments} segments");
            Assert.True(Directory.GetFiles(_directory.Path, "*.seg").Length < segments);
        }

        await using var reopened = Open(options);
        var rest = await DrainAsync(reopened, 10);

        Assert.Equal(Enumerable.Range(30, 10).Select(i => $$"""{"n":{{i}}}"""), rest.Select(e => e.Message.BodyText));
    }

    [Fact]
    public async Task Enqueue_PastMaxCount_DropsTheOldestCountsThemAndWarnsOnce()
    {
        await using var outbox = Open(new OutboxOptions(_directory.Path) { MaxCount = 10 });

        for (int i = 0; i < 25; i++)
        {
            await outbox.EnqueueAsync("EventRouter", Message(i), CancellationToken.None);
        }

        Assert.Equal(10, outbox.Count);
        Assert.Equal(15, outbox.DroppedCount);
        Assert.Single(_logs.Entries, e => e.EventId == 503);
        var kept = await DrainAsync(outbox, 10);
        Assert.Equal(Enumerable.Range(15, 10).Select(i => $$"""{"n":{{i}}}"""), kept.Select(e => e.Message.BodyText));
        Assert.Single(_logs.Entries, e => e.EventId == 504);
    }

    [Fact]
    public async Task Enqueue_PastMaxBytes_KeepsTheDiskBounded()
    {
        var options = new OutboxOptions(_directory.Path) { MaxBytes = OutboxOptions.MinimumBytes, SegmentBytes = 64 * 1024 };
        await using var outbox = Open(options);
        var big = new ModuleMessage(new byte[50_000]);

        for (int i = 0; i < 60; i++)
        {
            await outbox.EnqueueAsync("EventRouter", big, CancellationToken.None);
        }

        Assert.InRange(outbox.Bytes, 0, options.MaxBytes);
        Assert.InRange(Directory.GetFiles(_directory.Path, "*.seg").Sum(f => new FileInfo(f).Length), 0, options.MaxBytes + options.SegmentBytes * 2);
        Assert.True(outbox.DroppedCount > 0);
    }

    [Fact]
    public async Task Open_TornLastRecord_IsSkippedWithOneWarning_AndAppendsContinue()
    {
        await using (var outbox = Open())
        {
            for (int i = 0; i < 3; i++)
            {
                await outbox.EnqueueAsync("EventRouter", Message(i), CancellationToken.None);
            }
        }

        var segment = Directory.GetFiles(_directory.Path, "*.seg").Single();
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(length - 5); // the last record loses its tail, as a write cut by power loss would
        }

        await using (var reopened = Open())
        {
            Assert.Equal(2, reopened.Count);
            await reopened.EnqueueAsync("EventRouter", Message(3), CancellationToken.None);
        }

        await using var again = Open();
        var drained = await DrainAsync(again, 3);
        Assert.Equal(["""{"n":0}""", """{"n":1}""", """{"n":3}"""], drained.Select(e => e.Message.BodyText));
        Assert.Single(_logs.Entries, e => e.EventId == 501);
    }

    private Agent.Outbox.Outbox Open(OutboxOptions? options = null) =>
        Agent.Outbox.Outbox.Open(options ?? new OutboxOptions(_directory.Path), _logs.CreateLogger<Agent.Outbox.Outbox>());

    internal static ModuleMessage Message(int n) => new(Encoding.UTF8.GetBytes($$"""{"n":{{n}}}""")) { ContentType = "application/json" };

    internal static async Task<List<OutboxEntry>> DrainAsync(Agent.Outbox.Outbox outbox, int count)
    {
        var drained = new List<OutboxEntry>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (int i = 0; i < count; i++)
        {
            var entry = await outbox.PeekAsync(timeout.Token);
            drained.Add(entry);
            await outbox.AcknowledgeAsync(entry.Sequence, timeout.Token);
        }

        return drained;
    }
}
