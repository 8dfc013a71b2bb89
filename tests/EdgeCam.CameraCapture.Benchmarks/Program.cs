using System.Diagnostics;
using System.Globalization;
using EdgeCam.CameraCapture.Motion;
using EdgeCam.DevKit.Synthetic;

// Two measurements, chosen by the first argument (none: both):
// --fps  detector frames per second on one core beside the same pipeline in OpenCV (OpenCvSharp4 in this process, one
//        OpenCV thread; OpenCvPipeline.cs), on the same ffmpeg-decoded frames (run.sh pins this step to core 0);
// --cpu [seconds]  CPU share of the CameraCapture module beside ffmpeg alone on the same 720p15 stream played in real
//        time, 30 s by default (CpuShare.cs; not pinned, as on a device). A longer stream weighs one-off costs (JIT,
//        first snapshot) less and comes closer to a camera that runs for days.
var mode = args.Length > 0 ? args[0] : "--all";
if (mode is not ("--all" or "--fps" or "--cpu"))
{
    Console.Error.WriteLine("usage: EdgeCam.CameraCapture.Benchmarks [--fps|--cpu [seconds]]");
    return 2;
}

if (mode != "--cpu")
{
    await DetectorFpsAsync();
}

if (mode != "--fps")
{
    var seconds = mode == "--cpu" && args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
    await CpuShare.RunAsync(rounds: 2, TimeSpan.FromSeconds(seconds), CancellationToken.None);
}

return 0;

static async Task DetectorFpsAsync()
{
    var work = Directory.CreateTempSubdirectory("edgecam-bench").FullName;
    var clip = await SyntheticClip.GenerateAsync(Path.Combine(work, "clip.mp4"), new SyntheticClipOptions
    {
        Width = 640, Height = 360, FramesPerSecond = 15, Duration = TimeSpan.FromSeconds(20),
        MotionIntervals = [MotionInterval.FromSeconds(3, 9), MotionInterval.FromSeconds(12, 17)],
    }, CancellationToken.None);
    Console.WriteLine($"SIMD path: {new MotionDetector(64, 48, new MotionDetectorOptions()).Path}; OpenCV {OpenCvPipeline.Prepare()} (OpenCvSharp4, same process, one thread); {Environment.ProcessorCount} CPUs visible");
    Console.WriteLine("Best of 5 passes each, the seven pipelines (below: the four compared with OpenCV, then the detector without followGlobalLight and on a dusk) taking turns; fps by wall clock / by this thread's CPU time (the second leaves out time other processes held the core).");
    var cost = new List<string>();
    Console.WriteLine("| size | frames | EdgeCam fps | EdgeCam Vector128 fps (the Pi's width) | EdgeCam scalar fps | OpenCV fps | EdgeCam / OpenCV |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var (w, h) in new[] { (640, 360), (320, 180) })
    {
        var raw = Path.Combine(work, $"frames{w}.raw");
        Run("ffmpeg", $"-hide_banner -loglevel error -y -i {clip.Path} -vf scale={w}:{h} -pix_fmt gray -f rawvideo {raw}");
        var frames = File.ReadAllBytes(raw);
        var count = frames.Length / (w * h);
        var dusk = Darken(frames, w * h);
        var best = BestOfTurns(count, rounds: 5,
            () => DetectorPass(frames, w, h, SimdPath.Auto),
            () => DetectorPass(frames, w, h, SimdPath.Vector128),
            () => DetectorPass(frames, w, h, SimdPath.Scalar),
            () => OpenCvPipeline.Pass(frames, w, h),
            () => DetectorPass(frames, w, h, SimdPath.Auto, followGlobalLight: false),
            () => DetectorPass(dusk, w, h, SimdPath.Auto),
            () => DetectorPass(dusk, w, h, SimdPath.Auto, followGlobalLight: false));
        var (fps, vector128, scalar, opencv) = (best[0], best[1], best[2], best[3]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {w}x{h} | {count} | {fps.Wall:0} / {fps.Cpu:0} | {vector128.Wall:0} / {vector128.Cpu:0} | {scalar.Wall:0} / {scalar.Cpu:0} | {opencv.Wall:0} / {opencv.Cpu:0} | {fps.Wall / opencv.Wall:0.00}x / {fps.Cpu / opencv.Cpu:0.00}x |"));
        var (off, duskOn, duskOff) = (best[4], best[5], best[6]);
        cost.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {w}x{h} | {off.Cpu:0} | {fps.Cpu:0} | {Added(off.Cpu, fps.Cpu)} | {duskOff.Cpu:0} | {duskOn.Cpu:0} | {Added(duskOff.Cpu, duskOn.Cpu)} |"));
    }

    Console.WriteLine();
    Console.WriteLine("Cost of following global light changes (followGlobalLight), same run, widest path, fps by thread CPU time; the dusk is the same frames darkened to half over the clip, so the background moves on most frames:");
    Console.WriteLine("| size | off (before) | on (after) | added time per frame | dusk, off | dusk, on | added time per frame |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    cost.ForEach(Console.WriteLine);
    Directory.Delete(work, recursive: true);
}

// Runs the passes in turn, round after round, so that a change in the machine's load touches all of them alike; keeps
// each one's best frames per second by wall clock and by thread CPU time.
static (double Wall, double Cpu)[] BestOfTurns(int frames, int rounds, params Action[] passes)
{
    var best = new (double Wall, double Cpu)[passes.Length];
    for (var round = 0; round < rounds; round++)
    {
        for (var p = 0; p < passes.Length; p++)
        {
            var cpu = ThreadCpuClock.Now();
            var watch = Stopwatch.StartNew();
            passes[p]();
            var wall = watch.Elapsed;
            cpu = ThreadCpuClock.Now() - cpu;
            best[p] = (Math.Max(best[p].Wall, frames / wall.TotalSeconds), Math.Max(best[p].Cpu, frames / cpu.TotalSeconds));
        }
    }

    return best;
}

static void DetectorPass(byte[] frames, int w, int h, SimdPath path, bool followGlobalLight = true)
{
    var size = w * h;
    var detector = new MotionDetector(w, h, new MotionDetectorOptions { SimdPath = path, FollowGlobalLight = followGlobalLight });
    for (var i = 0; i < frames.Length / size; i++)
    {
        detector.Process(frames.AsSpan(i * size, size));
    }
}

// The frames darkened linearly to half over the clip: a dusk (or an auto-exposure drift) on every frame.
static byte[] Darken(byte[] frames, int size)
{
    var count = frames.Length / size;
    var result = new byte[frames.Length];
    for (var i = 0; i < frames.Length; i++)
    {
        result[i] = (byte)(frames[i] * (1 - (0.5 * (i / size) / count)));
    }

    return result;
}

// Extra time per frame of the second figure over the first, in percent of the first's.
static string Added(double before, double after) => string.Create(CultureInfo.InvariantCulture, $"{((before / after) - 1) * 100:+0.0;-0.0} %");

static string Run(string file, string arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"{file} {arguments} failed with exit {process.ExitCode}");
}
