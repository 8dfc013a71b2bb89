using System.Diagnostics;
using System.Globalization;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;
using EdgeCam.Testing.Tools;

namespace EdgeCam.Agent.Tests.Faults;

/// <summary>
/// A camera whose time goes on while the agent is down, as a real one does: a fake <c>rpicam-vid</c> (the agent's
/// <c>libcamera</c> source) that plays a synthetic clip, looped, in real time from the point the wall clock has reached
/// since <see cref="Epoch"/>, so a restarted agent sees new footage (apart from the 5 s burst at start, which overlaps
/// the end of the previous run by a few seconds). Once <see cref="Cover"/>ed it sends nothing (a camera looking at
/// nothing) until killed.
/// </summary>
internal sealed class LiveCamera
{
    private readonly string _covered;
    private readonly string _livePid;
    private readonly string _clip;

    private LiveCamera(string toolDirectory, SyntheticClipOptions footage, DateTimeOffset epoch, string covered, string livePid, string clip)
    {
        _covered = covered;
        _livePid = livePid;
        _clip = clip;
        ToolDirectory = toolDirectory;
        Footage = footage;
        Epoch = epoch;
    }

    /// <summary>The directory holding the fake <c>rpicam-vid</c>, to put first on the agent's PATH.</summary>
    public string ToolDirectory { get; }

    public SyntheticClipOptions Footage { get; }

    /// <summary>The wall-clock time of the clip's first start.</summary>
    public DateTimeOffset Epoch { get; }

    /// <summary>
    /// A clip of <paramref name="duration"/> (a multiple of <paramref name="periodSeconds"/>, so the loop keeps the
    /// rhythm) with <paramref name="motionSeconds"/> of motion every <paramref name="periodSeconds"/>, starting 3 s in;
    /// its clock starts when this returns.
    /// </summary>
    public static async Task<LiveCamera> CreateAsync(string directory, TimeSpan duration, double motionSeconds, double periodSeconds, CancellationToken cancellationToken)
    {
        var intervals = new List<MotionInterval>();
        for (var start = 3.0; start + motionSeconds <= duration.TotalSeconds - 1; start += periodSeconds)
        {
            intervals.Add(MotionInterval.FromSeconds(start, start + motionSeconds));
        }

        var footage = new SyntheticClipOptions
        {
            Width = Width,
            Height = Height,
            FramesPerSecond = FramesPerSecond,
            Duration = duration,
            MotionIntervals = intervals,
            BitrateKbps = 500,
        };
        var scene = await SyntheticClip.GenerateAsync(Path.Combine(directory, "scene.mp4"), footage, cancellationToken);
        var clip = await WithoutBFramesAsync(scene.Path, Path.Combine(directory, "camera.mp4"), cancellationToken);
        var tools = Path.Combine(directory, "camera-tool");
        var epoch = DateTimeOffset.UtcNow;
        var epochMs = epoch.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var durationMs = ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var covered = Path.Combine(tools, "covered");
        var livePid = Path.Combine(tools, "live.pid");
        FakeCameraTool.WriteScript(tools, "rpicam-vid", $$"""
            # Fake rpicam-vid for the agent fault tests: the synthetic clip, looped, from where the wall clock is. It first hands
            # over its last 5 s at once (ffmpeg probes 5 s of a bare H.264 stream before its first frame; without the
            # burst every restart would be blind for those 5 s, and short runs would never see an event), then plays live.
            # The burst runs as a child that dies with the script, so that the agent ending the tool ends all of it.
            if [ -e '{{covered}}' ]; then exec sleep 100000; fi
            ms=$(( ($(date +%s%3N) - {{epochMs}}) % {{durationMs}} ))
            at() { echo "$(($1 / 1000)).$(printf %03d $(($1 % 1000)))"; }
            back=$(( ms < 5000 ? ms : 5000 ))
            if [ "$back" -gt 0 ]; then
              setpriv --pdeathsig KILL ffmpeg -hide_banner -loglevel error -nostdin -ss "$(at $((ms - back)))" -t "$(at $back)" -i '{{clip}}' -an -c:v copy -bsf:v h264_mp4toannexb -f h264 - || exit 1
            fi
            echo $$ > '{{livePid}}'
            exec ffmpeg -hide_banner -loglevel error -nostdin -stream_loop -1 -ss "$(at $ms)" -re -i '{{clip}}' -an -c:v copy -bsf:v h264_mp4toannexb -f h264 -
            """);
        return new LiveCamera(tools, footage, epoch, covered, livePid, clip);
    }

    /// <summary>
    /// The camera sends nothing from now on (lens covered): the drain after the faults sees no new events. A tool that
    /// is playing is ended (the agent sees its camera drop and restarts it, covered); it is found by the pid it wrote,
    /// checked against its command line so that a reused pid is never signalled.
    /// </summary>
    public void Cover()
    {
        File.WriteAllText(_covered, string.Empty);
        try
        {
            if (int.TryParse(File.ReadAllText(_livePid).Trim(), CultureInfo.InvariantCulture, out var pid)
                && File.ReadAllText($"/proc/{pid}/cmdline").Contains(_clip, StringComparison.Ordinal))
            {
                using var tool = Process.GetProcessById(pid);
                tool.Kill();
            }
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException)
        {
            // No tool has played yet, or it ended by itself meanwhile.
        }
    }

    /// <summary>
    /// The synthetic clip re-encoded as a Pi camera's encoder writes H.264: no B-frames (a bare stream with B-frames has
    /// no timestamps ffmpeg can copy into MPEG-TS), a keyframe every second.
    /// </summary>
    private static async Task<string> WithoutBFramesAsync(string scene, string path, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(RequiredTool.Ffmpeg()) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-y", "-i", scene, "-an", "-c:v", "libx264", "-preset", "ultrafast", "-threads", "1",
            "-bf", "0", "-g", $"{FramesPerSecond}", "-keyint_min", $"{FramesPerSecond}", "-sc_threshold", "0", "-b:v", "500k", path,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var ffmpeg = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        var error = await ffmpeg.StandardError.ReadToEndAsync(cancellationToken);
        await ffmpeg.WaitForExitAsync(cancellationToken);
        return ffmpeg.ExitCode == 0 ? path : throw new InvalidOperationException($"ffmpeg could not re-encode {scene}: {error}");
    }

    public const int Width = 480;
    public const int Height = 270;
    public const int FramesPerSecond = 15;
}
