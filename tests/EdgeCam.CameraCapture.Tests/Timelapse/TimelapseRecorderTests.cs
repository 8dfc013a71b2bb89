using System.Collections.Concurrent;
using System.Security.Cryptography;
using EdgeCam.CameraCapture.Timelapse;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.CameraCapture.Tests.Timelapse;

/// <summary>The time-lapse on a clock the test moves (day boundaries, restarts), with real files and a real ffmpeg encode.</summary>
[Trait("Category", "Integration")]
public sealed class TimelapseRecorderTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);
    private static readonly TimelapseSettings Settings = new() { Enabled = true, Interval = Minute, FramesPerSecond = 25, Width = 160 };
    private readonly TempDirectory _temp = new("timelapse");
    private readonly SharedVolume _volume;

    public TimelapseRecorderTests() => _volume = new SharedVolume(_temp.Combine("data"));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAsync_DayEnds_OneVideoOfTheDaysFramesAnnouncedAsTimelapse()
    {
        var frames = await TimelapseFrames.RenderAsync(_temp.Combine("jpegs"), 12);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 23, 50, 0, TimeSpan.Zero));
        var run = Start(frames, time, Settings);

        // Slots 23:51 ... 23:59 on the 30th, then midnight: the first frame of the 1st, and the 30th is made.
        for (var step = 0; step < 10; step++)
        {
            await NextSlotAsync(time, frames, Minute);
        }

        var (ready, _) = await run.AnnouncedAsync(1);
        await run.StopAsync();

        var video = _volume.Resolve(ready.ClipPath);
        var bytes = await File.ReadAllBytesAsync(video);
        Assert.Equal(
            (ClipKinds.Timelapse, "cam1", "timelapse-2026-11-30", "timelapse/cam1/2026-11-30.mp4", new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), (long)bytes.Length, Convert.ToBase64String(MD5.HashData(bytes))),
            (ready.Kind, ready.CameraId, ready.EventId, ready.ClipPath, ready.Start, ready.SizeBytes, ready.ContentMd5));
        Assert.Equal((9, "h264", 160, 90), await TimelapseFrames.ProbeVideoAsync(video));
        var folder = _volume.TimelapseDirectory("cam1");
        Assert.False(Directory.Exists(Path.Combine(folder, "2026-11-30")), "the frames of a made day are deleted");
        Assert.Equal(["000000.jpg"], Directory.GetFiles(Path.Combine(folder, "2026-12-01")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task RunAsync_RestartAfterTheDayEnded_DayMadeOnceAndAnnouncedUntilSent()
    {
        var frames = await TimelapseFrames.RenderAsync(_temp.Combine("jpegs"), 4);
        var evening = Start(frames, new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 21, 0, 0, TimeSpan.Zero)), Settings);
        for (var step = 0; step < 3; step++)
        {
            await NextSlotAsync(evening.Time, frames, Minute);
        }

        await Eventually.TrueAsync(() => DayFrames("2026-11-30") == 3, "three frames of the 30th are on disk");
        await evening.StopAsync();

        // Stopped before midnight; started the next morning: the 30th is made at start and announced, not yet sent.
        var morning = Start(frames, new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)), Settings);
        var (first, _) = await morning.AnnouncedAsync(1);
        await morning.StopAsync();
        var video = _volume.Resolve(first.ClipPath);
        var madeAt = File.GetLastWriteTimeUtc(video);

        // Started again: not made again, announced again (it was never sent); this time the send completes.
        var again = Start(frames, new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)), Settings);
        var (second, sent) = await again.AnnouncedAsync(1);
        sent();
        await again.StopAsync();

        // Once more: nothing to make and nothing to announce (the loop reached its first slot's wait).
        var last = Start(frames, new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero)), Settings);
        await Eventually.TrueAsync(() => last.Time.HasPendingTimer(Minute), "the recorder waits for its first slot");
        await last.StopAsync();

        Assert.Equal("timelapse-2026-11-30", first.EventId);
        Assert.Equal((first.ClipPath, first.SizeBytes, first.ContentMd5), (second.ClipPath, second.SizeBytes, second.ContentMd5));
        Assert.Equal(madeAt, File.GetLastWriteTimeUtc(video));
        Assert.Empty(last.Announced);
        Assert.Equal(3, (await TimelapseFrames.ProbeVideoAsync(video)).Frames);
        Assert.Equal(0, DayFrames("2026-11-30"));
    }

    [Fact]
    public async Task RunAsync_NoNewFrameBetweenSlots_TheSameFrameIsNotKeptTwice()
    {
        var frames = await TimelapseFrames.RenderAsync(_temp.Combine("jpegs"), 2);
        var run = Start(frames, new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)), Settings with { Interval = TimeSpan.FromSeconds(10) });

        await NextSlotAsync(run.Time, frames, TimeSpan.FromSeconds(10));
        for (var step = 0; step < 3; step++)
        {
            await Eventually.TrueAsync(() => run.Time.HasPendingTimer(TimeSpan.FromSeconds(10)), "the recorder waits for its next slot");
            run.Time.Advance(TimeSpan.FromSeconds(10));
        }

        await Eventually.TrueAsync(() => run.Time.HasPendingTimer(TimeSpan.FromSeconds(10)), "the recorder waits for its next slot");
        await run.StopAsync();

        Assert.Equal(["120010.jpg"], Directory.GetFiles(Path.Combine(_volume.TimelapseDirectory("cam1"), "2026-11-30")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task RunAsync_Disabled_KeepsNoFrameAndWaitsForMidnight()
    {
        var frames = await TimelapseFrames.RenderAsync(_temp.Combine("jpegs"), 2);
        frames.Next();
        var run = Start(frames, new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero)), Settings with { Enabled = false });

        await Eventually.TrueAsync(() => run.Time.HasPendingTimer(TimeSpan.FromHours(1)), "the recorder waits for midnight only");
        await run.StopAsync();

        Assert.False(Directory.Exists(_volume.TimelapseDirectory("cam1")));
    }

    [Fact]
    public async Task RunAsync_VideosOlderThanKeepDays_DeletedWithTheirMarkersOthersKept()
    {
        var folder = _volume.TimelapseDirectory("cam1");
        Directory.CreateDirectory(folder);
        foreach (var day in new[] { "2026-11-27", "2026-11-28", "2026-11-29" })
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, day + ".mp4"), [1, 2, 3]);
            await File.WriteAllBytesAsync(Path.Combine(folder, day + ".mp4.announced"), []);
        }

        var frames = await TimelapseFrames.RenderAsync(_temp.Combine("jpegs"), 1);
        var run = Start(frames, new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero)), Settings with { KeepDays = 3 });
        await Eventually.TrueAsync(() => run.Time.HasPendingTimer(Minute), "the recorder waits for its first slot");
        await run.StopAsync();

        Assert.Equal(["2026-11-28.mp4", "2026-11-28.mp4.announced", "2026-11-29.mp4", "2026-11-29.mp4.announced"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(run.Announced);
    }

    [Fact]
    public async Task RunAsync_StartWithVideosMadeOnDemand_OldOnesDeletedUnsentOnesAnnouncedEncodeLeftoversDeleted()
    {
        var folder = _volume.TimelapseDirectory("cam1");
        Directory.CreateDirectory(folder);
        foreach (var name in new[] { "2026-11-27-partial-120000.mp4", "2026-11-27-partial-120000.mp4.announced", "2026-11-30-partial-083000.mp4", "2026-12-01-partial-050000.mp4", ".2026-11-30-partial-090000.mp4.encoding" })
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, name), [1, 2, 3]);
        }

        var frames = await TimelapseFrames.RenderAsync(_temp.Combine("jpegs"), 1);
        var run = Start(frames, new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero)), Settings with { KeepDays = 3 });
        await run.AnnouncedAsync(2);
        await Eventually.TrueAsync(() => run.Time.HasPendingTimer(Minute), "the recorder waits for its first slot");
        await run.StopAsync();

        Assert.Equal(["2026-11-30-partial-083000.mp4", "2026-12-01-partial-050000.mp4"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(
            [("timelapse-2026-11-30-partial-083000", "timelapse/cam1/2026-11-30-partial-083000.mp4", new DateTimeOffset(2026, 11, 30, 8, 30, 0, TimeSpan.Zero)), ("timelapse-2026-12-01-partial-050000", "timelapse/cam1/2026-12-01-partial-050000.mp4", new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero))],
            run.Announced.Select(a => (a.Ready.EventId, a.Ready.ClipPath, a.Ready.End)));
        Assert.All(run.Announced, a => Assert.Equal(ClipKinds.Timelapse, a.Ready.Kind));
    }

    [Theory]
    [InlineData("2026-11-30T12:00:00Z", 60, "2026-11-30T12:01:00Z")]
    [InlineData("2026-11-30T12:00:59.9Z", 60, "2026-11-30T12:01:00Z")]
    [InlineData("2026-11-30T23:59:30Z", 60, "2026-12-01T00:00:00Z")]
    [InlineData("2026-11-30T23:20:00Z", 3600, "2026-12-01T00:00:00Z")]
    [InlineData("2026-11-30T23:59:58Z", 7, "2026-12-01T00:00:00Z")]
    [InlineData("2026-11-30T00:00:00Z", 7, "2026-11-30T00:00:07Z")]
    public void NextSlot_Time_NextMultipleOfTheIntervalSinceUtcMidnightNeverPastIt(string now, int seconds, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TimelapseRecorder.NextSlot(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(seconds)));

    // Waits until the recorder armed its wait for the next slot (so the clock may move), then a new camera frame, then the slot.
    private static async Task NextSlotAsync(ManualTimeProvider time, TimelapseFrames frames, TimeSpan interval)
    {
        await Eventually.TrueAsync(() => time.HasPendingTimer(interval), "the recorder waits for its next slot", 60_000);
        frames.Next();
        time.Advance(interval);
    }

    private int DayFrames(string day)
    {
        var directory = Path.Combine(_volume.TimelapseDirectory("cam1"), day);
        return Directory.Exists(directory) ? Directory.GetFiles(directory, "*.jpg").Length : 0;
    }

    private Run Start(TimelapseFrames frames, ManualTimeProvider time, TimelapseSettings settings)
    {
        var recorder = new TimelapseRecorder(_volume, frames.Newest, new TimelapseEncoder(RequiredTool.Ffmpeg()), () => false, time, NullLogger.Instance);
        recorder.Update("cam1", settings);
        var announced = new ConcurrentQueue<(ClipReady, Action)>();
        var stop = new CancellationTokenSource();
        var task = recorder.RunAsync(
            (ready, onSent, _) =>
            {
                announced.Enqueue((ready, onSent));
                return ValueTask.CompletedTask;
            },
            stop.Token);
        return new Run(time, announced, stop, task);
    }

    private sealed record Run(ManualTimeProvider Time, ConcurrentQueue<(ClipReady Ready, Action OnSent)> Announced, CancellationTokenSource Stop, Task Task)
    {
        public async Task<(ClipReady Ready, Action OnSent)> AnnouncedAsync(int count)
        {
            await Eventually.TrueAsync(() => Announced.Count >= count || Task.IsFaulted, "the day is announced", 120_000);
            Assert.False(Task.IsFaulted, Task.Exception?.ToString());
            Assert.Equal(count, Announced.Count);
            return Announced.Last();
        }

        public async Task StopAsync()
        {
            await Stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task);
            Stop.Dispose();
        }
    }
}
