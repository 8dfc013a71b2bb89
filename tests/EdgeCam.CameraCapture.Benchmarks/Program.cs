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
    Console.WriteLine("Best of 5 passes each, the four pipelines taking turns; fps by wall clock / by this thread's CPU time (the second leaves out time other processes held the core).");
    Console.WriteLine("| size | frames | EdgeCam fps | EdgeCam Vector128 fps (the Pi's width) | EdgeCam scalar fps | OpenCV fps | EdgeCam / OpenCV |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var (w, h) in new[] { (640, 360), (320, 180) })
    {
        var raw = Path.Combine(work, $"frames{w}.raw");
        Run("ffmpeg", $"-hide_banner -loglevel error -y -i {clip.Path} -vf scale={w}:{h} -pix_fmt gray -f rawvideo {raw}");
        var frames = File.ReadAllBytes(raw);
        var count = frames.Length / (w * h);
        var best = BestOfTurns(count, rounds: 5,
            () => DetectorPass(frames, w, h, SimdPath.Auto),
            () => DetectorPass(frames, w, h, SimdPath.Vector128),
            () => DetectorPass(frames, w, h, SimdPath.Scalar),
            () => OpenCvPipeline.Pass(frames, w, h));
        var (fps, vector128, scalar, opencv) = (best[0], best[1], best[2], best[3]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {w}x{h} | {count} | {fps.Wall:0} / {fps.Cpu:0} | {vector128.Wall:0} / {vector128.Cpu:0} | {scalar.Wall:0} / {scalar.Cpu:0} | {opencv.Wall:0} / {opencv.Cpu:0} | {fps.Wall / opencv.Wall:0.00}x / {fps.Cpu / opencv.Cpu:0.00}x |"));
    }

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

static void DetectorPass(byte[] frames, int w, int h, SimdPath path)
{
    var size = w * h;
    var detector = new MotionDetector(w, h, new MotionDetectorOptions { SimdPath = path });
    for (var i = 0; i < frames.Length / size; i++)
    {
        detector.Process(frames.AsSpan(i * size, size));
    }
}

static string Run(string file, string arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"{file} {arguments} failed with exit {process.ExitCode}");
}
