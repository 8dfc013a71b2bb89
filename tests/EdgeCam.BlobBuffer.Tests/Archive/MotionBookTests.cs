using EdgeCam.BlobBuffer.Archive;
using EdgeCam.Contracts.Motion;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Tests.Archive;

[Trait("Category", "Unit")]
public sealed class MotionBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Record_StartThenEnd_KeepsThePeakScoreAndTheStartsZones()
    {
        var book = MotionBook.InMemory();

        book.Record(Started("cam1", "e1", 0.2, "door"));
        book.Record(new MotionEnded("cam1", "e1", T0, T0.AddSeconds(5), 0.6, 10));

        var motion = book.Find("cam1", "e1")!;
        Assert.Equal(0.6, motion.Score);
        Assert.Equal(["door"], motion.Zones);
        Assert.Equal(0.6, book.Find("cam1", "e1.part2")!.Score);
        Assert.Null(book.Find("cam2", "e1"));
    }

    [Fact]
    public void Record_EndBelowTheStartScore_KeepsTheHigherScore()
    {
        var book = MotionBook.InMemory();

        book.Record(Started("cam1", "e1", 0.5));
        book.Record(new MotionEnded("cam1", "e1", T0, T0.AddSeconds(5), 0.3, 10));

        Assert.Equal(0.5, book.Find("cam1", "e1")!.Score);
    }

    [Fact]
    public void Open_AfterRecording_FindsWhatTheLastInstanceRecorded()
    {
        using var temp = new TempDirectory("motionbook");
        var first = MotionBook.Open(temp.Path, NullLogger.Instance);
        first.Record(Started("cam1", "e1", 0.25, "drive"));
        first.Record(new MotionEnded("cam1", "e1", T0, T0.AddSeconds(5), 0.75, 10));

        var reopened = MotionBook.Open(temp.Path, NullLogger.Instance);

        var motion = reopened.Find("cam1", "e1")!;
        Assert.Equal(("cam1", "e1", 0.75), (motion.CameraId, motion.EventId, motion.Score));
        Assert.Equal(["drive"], motion.Zones);
    }

    [Fact]
    public void Record_MoreThanCapacity_ForgetsTheOldestAndStaysBoundedOnDisk()
    {
        using var temp = new TempDirectory("motionbook");
        var book = MotionBook.Open(temp.Path, NullLogger.Instance);

        for (var i = 0; i < MotionBook.Capacity + 10; i++)
        {
            book.Record(Started("cam1", $"e{i}", 0.1));
        }

        var reopened = MotionBook.Open(temp.Path, NullLogger.Instance);
        Assert.Equal(MotionBook.Capacity, reopened.Count);
        Assert.Null(reopened.Find("cam1", "e9"));
        Assert.NotNull(reopened.Find("cam1", "e10"));
        Assert.NotNull(reopened.Find("cam1", $"e{MotionBook.Capacity + 9}"));
    }

    [Fact]
    public void Open_CorruptFile_StartsEmpty()
    {
        using var temp = new TempDirectory("motionbook");
        File.WriteAllText(Path.Combine(temp.Path, MotionBook.FileName), "[{\"cameraId\":");

        Assert.Equal(0, MotionBook.Open(temp.Path, NullLogger.Instance).Count);
    }

    private static MotionStarted Started(string camera, string eventId, double score, params string[] zones) =>
        new(camera, eventId, T0, score, []) { Zones = zones };
}
