using System.Collections.Concurrent;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.Timelapse;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.CameraCapture.Tests.Timelapse;

/// <summary>The <c>makeTimelapse</c> method on a clock the test moves, with real files and a real ffmpeg encode.</summary>
[Trait("Category", "Integration")]
[SupportedOSPlatform("linux")] // The held ffmpeg is a shell script.
public sealed class TimelapseMethodTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);
    private static readonly TimelapseSettings Settings = new() { Enabled = true, Interval = Minute, FramesPerSecond = 25, Width = 160 };
    private readonly TempDirectory _temp = new("timelapse-method");
    private readonly SharedVolume _volume;
    private readonly ConcurrentQueue<(ClipReady Ready, Action OnSent)> _announced = new();

    public TimelapseMethodTests() => _volume = new SharedVolume(_temp.Combine("data"));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task HandleAsync_TodaySoFar_VideoOfTheFramesSoFarAnnouncedFramesStayAndTheNightlyStillMakesTheWholeDay()
    {
        var frames = await TimelapseFrames.RenderAsync(_temp.Combine("jpegs"), 12);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 23, 50, 0, TimeSpan.Zero));
        var recorder = NewRecorder(frames, time, RequiredTool.Ffmpeg());
        using var stop = new CancellationTokenSource();
        var running = recorder.RunAsync(AnnounceAsync, stop.Token);
        for (var step = 0; step < 5; step++)
        {
            await NextSlotAsync(time, frames); // 23:51 ... 23:55
        }

        await Eventually.TrueAsync(() => time.HasPendingTimer(Minute), "the recorder waits for its next slot", 60_000);

        var first = await CallAsync(recorder, "{}");
        var (partial, partialSent) = Assert.Single(_announced);
        partialSent();
        var again = await CallAsync(recorder, "");
        for (var step = 0; step < 5; step++)
        {
            await NextSlotAsync(time, frames); // 23:56 ... 23:59, then midnight: the 30th is made
        }

        await Eventually.TrueAsync(() => _announced.Count >= 2 || running.IsFaulted, "the day is announced", 120_000);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal(200, first.Status);
        var answer = JsonNode.Parse(first.PayloadText)!;
        Assert.Equal(
            ("cam1/timelapse/2026/11/2026-11-30-partial-235500.mp4", "timelapse-2026-11-30-partial-235500", "2026-11-30", 5, "timelapse/cam1/2026-11-30-partial-235500.mp4", true),
            (answer["blobName"]!.GetValue<string>(), answer["eventId"]!.GetValue<string>(), answer["day"]!.GetValue<string>(), answer["frames"]!.GetValue<int>(), answer["clipPath"]!.GetValue<string>(), answer["made"]!.GetValue<bool>()));
        Assert.Equal(
            (ClipKinds.Timelapse, "timelapse-2026-11-30-partial-235500", "timelapse/cam1/2026-11-30-partial-235500.mp4", new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 23, 55, 0, TimeSpan.Zero)),
            (partial.Kind, partial.EventId, partial.ClipPath, partial.Start, partial.End));
        Assert.Equal(5, (await TimelapseFrames.ProbeVideoAsync(_volume.Resolve(partial.ClipPath))).Frames);

        // Asked again with no new frame: the same video, not made again, not announced again (its send completed).
        Assert.Equal((200, false, partial.ClipPath), (again.Status, JsonNode.Parse(again.PayloadText)!["made"]!.GetValue<bool>(), JsonNode.Parse(again.PayloadText)!["clipPath"]!.GetValue<string>()));

        // The nightly one: all nine frames of the 30th, under the day's own name; the partial video stays beside it.
        var (final, _) = _announced.Last();
        Assert.Equal(2, _announced.Count);
        Assert.Equal(("timelapse-2026-11-30", "timelapse/cam1/2026-11-30.mp4"), (final.EventId, final.ClipPath));
        Assert.Equal(9, (await TimelapseFrames.ProbeVideoAsync(_volume.Resolve(final.ClipPath))).Frames);
        Assert.True(File.Exists(_volume.Resolve(partial.ClipPath)), "the partial video stays until keepDays");
    }

    [Fact]
    public async Task HandleAsync_FramesSoFar_TheyRemainOnDiskAfterTheVideo()
    {
        var frames = await TimelapseFrames.RenderAsync(_temp.Combine("jpegs"), 3);
        var recorder = NewRecorder(frames, new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 5, 0, TimeSpan.Zero)), RequiredTool.Ffmpeg());
        var kept = WriteFrames(frames, "2026-11-30", "120000", "120100", "120200");

        var response = await CallAsync(recorder, "{}");

        Assert.Equal(200, response.Status);
        Assert.Equal(kept, Directory.GetFiles(Path.GetDirectoryName(kept[0])!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_PastDayStillOnDisk_VideoOfThatDaysFrames()
    {
        var frames = await TimelapseFrames.RenderAsync(_temp.Combine("jpegs"), 3);
        var recorder = NewRecorder(frames, new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero)), RequiredTool.Ffmpeg());
        WriteFrames(frames, "2026-11-29", "220000", "220100", "220200");

        var response = await CallAsync(recorder, """{"day":"2026-11-29"}""");

        Assert.Equal(200, response.Status);
        var answer = JsonNode.Parse(response.PayloadText)!;
        Assert.Equal(("2026-11-29", 3, "cam1/timelapse/2026/11/2026-11-29-partial-220200.mp4"), (answer["day"]!.GetValue<string>(), answer["frames"]!.GetValue<int>(), answer["blobName"]!.GetValue<string>()));
        Assert.Equal(3, (await TimelapseFrames.ProbeVideoAsync(_volume.Resolve(answer["clipPath"]!.GetValue<string>()))).Frames);
    }

    [Fact]
    public async Task HandleAsync_SecondCallWhileOneEncodes_409AndTheFirstHasOnlyTheFramesItListed()
    {
        var frames = await TimelapseFrames.RenderAsync(_temp.Combine("jpegs"), 4);
        var hold = _temp.Combine("hold");
        var started = _temp.Combine("started");
        var recorder = NewRecorder(frames, new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 5, 0, TimeSpan.Zero)), HeldFfmpeg(hold, started));
        WriteFrames(frames, "2026-11-30", "120000", "120100", "120200");
        await File.WriteAllBytesAsync(hold, []);

        var first = CallAsync(recorder, "{}");
        await Eventually.TrueAsync(() => File.Exists(started) || first.IsCompleted, "the first call's ffmpeg started", 30_000);
        var second = await CallAsync(recorder, "{}");
        WriteFrames(frames, "2026-11-30", "120300"); // kept while the first encodes
        File.Delete(hold);
        var made = await first.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(409, second.Status);
        Assert.Contains("being encoded", JsonNode.Parse(second.PayloadText)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(200, made.Status);
        var answer = JsonNode.Parse(made.PayloadText)!;
        Assert.Equal(3, answer["frames"]!.GetValue<int>());
        Assert.Equal(3, (await TimelapseFrames.ProbeVideoAsync(_volume.Resolve(answer["clipPath"]!.GetValue<string>()))).Frames);
    }

    [Theory]
    [InlineData("""{"day":"2026-13-01"}""", 400, "day \"2026-13-01\" is not a date yyyy-MM-dd (a UTC day such as 2026-12-01)")]
    [InlineData("""{"day":20261130}""", 400, "day 20261130 is not a date yyyy-MM-dd (a UTC day such as 2026-12-01)")]
    [InlineData("""{"day":"2026-12-01"}""", 400, "day 2026-12-01 is in the future (today is 2026-11-30, UTC)")]
    [InlineData("""{"day":"2026-11-29"}""", 404, "no frames of 2026-11-29 are on disk for camera 'cam1'")]
    [InlineData("{}", 404, "no frames of 2026-11-30 are on disk for camera 'cam1'")]
    [InlineData("""{"from":"2026-11-29"}""", 400, "unknown property 'from': the makeTimelapse method takes only day (yyyy-MM-dd, UTC)")]
    [InlineData("[1]", 400, "the payload must be empty or an object {\"day\":\"yyyy-MM-dd\"}, got array")]
    public async Task HandleAsync_BadInput_StatusAndOneLineNamingIt(string payload, int status, string error)
    {
        var recorder = NewRecorder(null, new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)), RequiredTool.Ffmpeg());

        var response = await CallAsync(recorder, payload);

        Assert.Equal((status, status, error), (response.Status, JsonNode.Parse(response.PayloadText)!["status"]!.GetValue<int>(), JsonNode.Parse(response.PayloadText)!["error"]!.GetValue<string>()));
        Assert.Empty(_announced);
    }

    [Fact]
    public async Task HandleAsync_TimelapseDisabled_400WithFramesOnDisk()
    {
        var frames = await TimelapseFrames.RenderAsync(_temp.Combine("jpegs"), 1);
        var recorder = NewRecorder(frames, new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 5, 0, TimeSpan.Zero)), RequiredTool.Ffmpeg(), Settings with { Enabled = false });
        WriteFrames(frames, "2026-11-30", "120000");

        var response = await CallAsync(recorder, "{}");

        Assert.Equal((400, "the time-lapse is disabled (timelapse.enabled is false)"), (response.Status, JsonNode.Parse(response.PayloadText)!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task HandleAsync_DayAlreadyMadeAtMidnight_404NamingItsVideo()
    {
        var recorder = NewRecorder(null, new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)), RequiredTool.Ffmpeg());
        Directory.CreateDirectory(_volume.TimelapseDirectory("cam1"));
        await File.WriteAllBytesAsync(Path.Combine(_volume.TimelapseDirectory("cam1"), "2026-11-29.mp4"), [1]);

        var response = await CallAsync(recorder, """{"day":"2026-11-29"}""");

        Assert.Equal(
            (404, "no frames of 2026-11-29 are on disk: its time-lapse was made after the day ended (timelapse/cam1/2026-11-29.mp4)"),
            (response.Status, JsonNode.Parse(response.PayloadText)!["error"]!.GetValue<string>()));
    }

    private static async Task NextSlotAsync(ManualTimeProvider time, TimelapseFrames frames)
    {
        await Eventually.TrueAsync(() => time.HasPendingTimer(Minute), "the recorder waits for its next slot", 60_000);
        frames.Next();
        time.Advance(Minute);
    }

    // ffmpeg behind a script that, while `hold` exists, marks `started` and waits (at most a minute).
    private string HeldFfmpeg(string hold, string started)
    {
        var script = _temp.Combine("held-ffmpeg.sh");
        File.WriteAllText(script, $"""
            #!/bin/sh
            touch '{started}'
            i=0
            while [ -e '{hold}' ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done
            exec '{RequiredTool.Ffmpeg()}' "$@"

            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private string[] WriteFrames(TimelapseFrames frames, string day, params string[] times)
    {
        var directory = Path.Combine(_volume.TimelapseDirectory("cam1"), day);
        Directory.CreateDirectory(directory);
        return times.Select(t =>
        {
            frames.Next();
            var path = Path.Combine(directory, t + ".jpg");
            File.WriteAllBytes(path, frames.Newest()!.Jpeg.ToArray());
            return path;
        }).ToArray();
    }

    private TimelapseRecorder NewRecorder(TimelapseFrames? frames, ManualTimeProvider time, string ffmpeg, TimelapseSettings? settings = null)
    {
        var recorder = new TimelapseRecorder(_volume, () => frames?.Newest(), new TimelapseEncoder(ffmpeg), () => false, time, NullLogger.Instance);
        recorder.Update("cam1", settings ?? Settings);
        return recorder;
    }

    private Task<MethodResponse> CallAsync(TimelapseRecorder recorder, string payload) =>
        new TimelapseMethod(recorder, NullLogger.Instance).HandleAsync(new MethodRequest(TimelapseMethod.Name, Encoding.UTF8.GetBytes(payload)), AnnounceAsync, CancellationToken.None);

    private ValueTask AnnounceAsync(ClipReady ready, Action onSent, CancellationToken cancellationToken)
    {
        _announced.Enqueue((ready, onSent));
        return ValueTask.CompletedTask;
    }
}
