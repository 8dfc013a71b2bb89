using System.Diagnostics;
using System.Globalization;
using EdgeCam.Media.Frames;
using EdgeCam.Testing;

namespace EdgeCam.CameraCapture.Tests.Timelapse;

/// <summary>
/// A camera's colour JPEGs for the time-lapse without a capture process: distinct frames rendered once by ffmpeg
/// (testsrc2, 320x180), handed out as <see cref="ColourFrame"/>s; <see cref="Next"/> makes the next one the newest, as
/// the capture session does once a second.
/// </summary>
internal sealed class TimelapseFrames
{
    private readonly IReadOnlyList<byte[]> _jpegs;
    private long _index = -1;
    private ColourFrame? _newest;

    private TimelapseFrames(IReadOnlyList<byte[]> jpegs) => _jpegs = jpegs;

    public const int Width = 320;
    public const int Height = 180;

    public ColourFrame? Newest() => Volatile.Read(ref _newest);

    public void Next()
    {
        var index = Interlocked.Increment(ref _index);
        Volatile.Write(ref _newest, new ColourFrame(index, TimeSpan.FromSeconds(index), _jpegs[(int)(index % _jpegs.Count)]));
    }

    public static async Task<TimelapseFrames> RenderAsync(string directory, int count)
    {
        Directory.CreateDirectory(directory);
        await RunAsync(RequiredTool.Ffmpeg(), ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={Width}x{Height}:rate=1", "-frames:v", count.ToString(CultureInfo.InvariantCulture), "-q:v", "5", Path.Combine(directory, "%03d.jpg")]);
        return new TimelapseFrames(Directory.GetFiles(directory, "*.jpg").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList());
    }

    /// <summary>ffprobe's decoded frame count, codec and size of the first video stream of <paramref name="path"/>.</summary>
    public static async Task<(int Frames, string Codec, int Width, int Height)> ProbeVideoAsync(string path)
    {
        var output = await RunAsync(RequiredTool.Ffprobe(), ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames,codec_name,width,height", "-of", "default=noprint_wrappers=1", path]);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return (int.Parse(values["nb_read_frames"], CultureInfo.InvariantCulture), values["codec_name"], int.Parse(values["width"], CultureInfo.InvariantCulture), int.Parse(values["height"], CultureInfo.InvariantCulture));
    }

    private static async Task<string> RunAsync(string tool, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await stderr}");
        return await stdout;
    }
}
