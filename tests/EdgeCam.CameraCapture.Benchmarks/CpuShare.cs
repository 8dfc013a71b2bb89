using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeCam.CameraCapture;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Media.Capture;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// CPU share of the CameraCapture pipeline beside ffmpeg alone on the same 720p15 H.264 file played in real time.
/// <para>
/// Run A: ffmpeg with exactly the command line <see cref="CaptureCommand"/> builds for the module's default settings
/// (MPEG-TS segments by stream copy + 320x180 5 fps gray on stdout), stdout drained into nothing.
/// Run B: <see cref="CameraCaptureModule"/> itself on the in-process hub (<see cref="TestHub"/>), so health and motion
/// messages, session files, snapshots and the twin are all included.
/// Both are measured from the first analysis frame to the end: ffmpeg's CPU from <c>/proc/&lt;pid&gt;/stat</c>
/// (utime+stime, polled until it exits), this process's CPU from <c>/proc/self/stat</c>, and the CPU of other children
/// (the snapshot JPEG encoders) from this process's waited-for-children times (cutime+cstime).
/// </para>
/// </summary>
internal static class CpuShare
{
    private const string ModuleId = "CameraCapture";
    private const double GoalPercent = 10;
    private const double DisagreementPoints = 3;
    // Only a guard against a hung run: the stream may be long (run.sh --cpu 600).
    private static readonly TimeSpan Patience = TimeSpan.FromHours(1);

    public static async Task RunAsync(int rounds, TimeSpan duration, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("edgecam-cpu").FullName;
        try
        {
            var clip = await SyntheticClip.GenerateAsync(Path.Combine(work, "clip720p15.mp4"), new SyntheticClipOptions
            {
                Width = 1280, Height = 720, FramesPerSecond = 15, Duration = duration, BitrateKbps = 2000,

                // Two visits in every 30 s, as in the default 30 s stream.
                MotionIntervals = [.. Enumerable.Range(0, Math.Max(1, (int)(duration.TotalSeconds / 30)))
                    .SelectMany(k => new[] { MotionInterval.FromSeconds((30 * k) + 4, (30 * k) + 11), MotionInterval.FromSeconds((30 * k) + 17, (30 * k) + 24) })],
            }, cancellationToken);
            Console.WriteLine();
            Console.WriteLine($"CPU share on a {duration.TotalSeconds:0} s 1280x720 15 fps H.264 file (2 Mbit/s, two motion intervals every 30 s) played in real time; {Environment.ProcessorCount} CPUs visible.");

            // Not measured: JIT and first-use costs of the module, so that both measured rounds see a warm process.
            await ModuleAsync(clip.Path, Path.Combine(work, "warmup"), realtime: false, cancellationToken);

            var results = new List<(Measurement Alone, Measurement Module)>();
            for (var round = 1; round <= rounds; round++)
            {
                var alone = await FfmpegAloneAsync(clip.Path, Path.Combine(work, $"alone{round}"), cancellationToken);
                var module = await ModuleAsync(clip.Path, Path.Combine(work, $"module{round}"), realtime: true, cancellationToken);
                results.Add((alone, module));
            }

            Print(results);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // The options CaptureRun builds from the module's default twin for a file source (segmentSeconds 4, 320x180 at 5 fps,
    // camera 1280x720 at 15 fps, which a file ignores). The module run checks that its ffmpeg got the same arguments.
    private static CaptureOptions ModuleDefaults(string clip, string outputDirectory) => new()
    {
        Source = CaptureSource.Parse(clip, realtime: true, loop: false),
        OutputDirectory = outputDirectory,
        SegmentDuration = TimeSpan.FromSeconds(4),
        AnalysisWidth = 320,
        AnalysisHeight = 180,
        AnalysisFramesPerSecond = 5,
        SegmentListFileName = CaptureSession.SegmentListFileName,
        CaptureWidth = 1280,
        CaptureHeight = 720,
        CaptureFramesPerSecond = 15,
    };

    private static async Task<Measurement> FfmpegAloneAsync(string clip, string directory, CancellationToken cancellationToken)
    {
        var options = ModuleDefaults(clip, directory);
        var arguments = CaptureCommand.BuildArguments(options);
        Directory.CreateDirectory(directory);
        var info = new ProcessStartInfo(options.FfmpegPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        using var watch = new ChildWatch(process.Id);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var frameBytes = options.AnalysisWidth * options.AnalysisHeight;
        Mark? first = null;
        long total = 0;
        var buffer = new byte[64 * 1024];
        var stdout = process.StandardOutput.BaseStream;
        int read;
        while ((read = await stdout.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (first is null && total >= frameBytes)
            {
                first = Mark.Take(watch.ReadNow());
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        await watch.StopAsync();
        var end = Mark.Take(null);
        if (process.ExitCode != 0 || first is null)
        {
            throw new InvalidOperationException($"ffmpeg alone failed (exit {process.ExitCode}): {(await stderr).Trim()}");
        }

        return Measurement.From(first, watch.Last, end, frames: total / frameBytes, dropped: 0, commandMatches: true);
    }

    private static async Task<Measurement> ModuleAsync(string clip, string dataRoot, bool realtime, CancellationToken cancellationToken)
    {
        var routes = new Dictionary<string, string> { ["upstream"] = $"FROM /messages/modules/{ModuleId}/outputs/* INTO $upstream" };
        var desired = new JsonObject { ["source"] = clip, ["realtime"] = realtime, ["loop"] = false };
        await using var hub = TestHub.Create(routes, new Dictionary<string, JsonObject> { [ModuleId] = desired });
        var module = new CameraCaptureModule(new SharedVolume(dataRoot), TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);
        ChildWatch? watch = null;
        Mark? first = null;
        hub.Hub.MessageRouted += (_, routed) =>
        {
            // Health 'running' is sent on the first analysis frame: the start of the measured window.
            if (first is null && routed.OutputName == CameraCaptureModule.HealthOutput && State(routed) == CaptureState.Running)
            {
                watch = ChildWatch.FindCaptureFfmpeg();
                first = Mark.Take(watch?.ReadNow());
            }
        };

        using var stop = new CancellationTokenSource();
        var run = module.RunAsync(await hub.ClientAsync(ModuleId), stop.Token);
        var ended = await hub.WaitForAsync(r => r.OutputName == CameraCaptureModule.HealthOutput && State(r) is CaptureState.Ended or CaptureState.Failed, Patience);
        var end = Mark.Take(null);
        if (watch is null || first is null)
        {
            throw new InvalidOperationException("The module's capture ffmpeg was not found among this process's children.");
        }

        await watch.StopAsync();
        watch.Dispose();
        var health = ended.Message.Read(ContractsJsonContext.Default.CameraHealth);
        if (health.State != CaptureState.Ended)
        {
            throw new InvalidOperationException($"The module did not end normally: {health.State} {health.Error}");
        }

        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // The module runs until cancelled.
        }

        // The module adds the colour snapshot output (a socket of its own): the expected command has it, at a placeholder.
        var expected = Normalise(CaptureCommand.BuildArguments(ModuleDefaults(clip, "<session>") with { Source = CaptureSource.Parse(clip, realtime, loop: false), ColourFramesUrl = "unix:<socket>" }));
        var matches = watch.CommandLine is { } actual && Normalise(actual.Skip(1).ToList()).SequenceEqual(expected);
        return Measurement.From(first, watch.Last, end, health.FramesAnalysed, health.FramesDropped, matches);
    }

    private static CaptureState State(RoutedMessage routed) => routed.Message.Read(ContractsJsonContext.Default.CameraHealth).State;

    // Output paths differ between the runs (session directory vs a temporary one, the colour socket): compare everything else.
    private static List<string> Normalise(IReadOnlyList<string> arguments)
    {
        var index = arguments.ToList().IndexOf("-segment_list");
        var directory = index >= 0 && index + 1 < arguments.Count ? Path.GetDirectoryName(arguments[index + 1]) : null;
        return [.. arguments.Select(a => a.StartsWith("unix:", StringComparison.Ordinal) ? "unix:<socket>"
            : directory is not null && a.StartsWith(directory + "/", StringComparison.Ordinal) ? "<dir>" + a[directory.Length..] : a)];
    }

    private static void Print(List<(Measurement Alone, Measurement Module)> results)
    {
        Console.WriteLine("CPU share = CPU seconds (user+sys) / wall seconds, in % of one core, from the first analysis frame to the end.");
        Console.WriteLine("| round | ffmpeg alone | ffmpeg under module | module own (.NET + snapshot encoders) | module own / ffmpeg own | module total / ffmpeg alone | machine busy (all cores) | frames analysed (dropped) | same ffmpeg command |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var round = 0;
        foreach (var (alone, module) in results)
        {
            round++;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {round} | {alone.FfmpegPercent:0.0} % | {module.FfmpegPercent:0.0} % | {module.OwnPercent:0.00} % ({module.SelfPercent:0.00} + {module.OtherChildrenPercent:0.00}) | {Ratio(module):0.0} % | {100 * (module.FfmpegPercent + module.OwnPercent) / alone.FfmpegPercent:0.0} % | {alone.MachineBusyPercent:0} % / {module.MachineBusyPercent:0} % | {alone.Frames} / {module.Frames} ({module.Dropped}) | {(module.CommandMatches ? "yes" : "NO")} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Harness alone (this .NET process draining the pipe into nothing and polling /proc, run A): {string.Join(" / ", results.Select(r => r.Alone.SelfPercent.ToString("0.00", CultureInfo.InvariantCulture)))} % of a core; 'module own' includes the same floor."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Module own above that floor: {string.Join(" / ", results.Select(r => (r.Module.OwnPercent - r.Alone.SelfPercent).ToString("0.00", CultureInfo.InvariantCulture)))} % of a core ({string.Join(" / ", results.Select(r => (100 * (r.Module.OwnPercent - r.Alone.SelfPercent) / r.Module.FfmpegPercent).ToString("0.0", CultureInfo.InvariantCulture)))} % of ffmpeg's own)."));
        var worst = results.Max(r => Ratio(r.Module));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Goal (module adds at most {GoalPercent:0} % CPU over ffmpeg's own): {(worst <= GoalPercent ? "holds" : "MISSED")}, worst round {worst:0.0} %."));
        if (results.Count > 1)
        {
            var figures = new (string Name, Func<(Measurement Alone, Measurement Module), double> Of)[]
            {
                ("ffmpeg alone", r => r.Alone.FfmpegPercent),
                ("ffmpeg under module", r => r.Module.FfmpegPercent),
                ("module own", r => r.Module.OwnPercent),
                ("module own / ffmpeg own", r => Ratio(r.Module)),
            };
            var disagreeing = figures
                .Select(f => (f.Name, Spread: results.Max(f.Of) - results.Min(f.Of)))
                .Where(f => f.Spread > DisagreementPoints)
                .ToList();
            Console.WriteLine(disagreeing.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"The rounds agree within {DisagreementPoints:0} points.")
                : string.Create(CultureInfo.InvariantCulture, $"NOISY: the rounds disagree by more than {DisagreementPoints:0} points on {string.Join(", ", disagreeing.Select(d => $"{d.Name} ({d.Spread:0.0})"))}; the machine is shared, read the figures as a range."));
        }
    }

    private static double Ratio(Measurement module) => 100 * module.OwnPercent / module.FfmpegPercent;

    /// <summary>One instant: wall clock, this process's CPU, its waited-for children's CPU, the machine's busy/total ticks, and the watched ffmpeg's CPU.</summary>
    private sealed record Mark(long Timestamp, TimeSpan Self, TimeSpan Children, long MachineBusy, long MachineTotal, CpuSample? Ffmpeg)
    {
        public static Mark Take(CpuSample? ffmpeg)
        {
            var (self, children) = ProcStat.ReadSelf();
            var (busy, total) = ProcStat.ReadMachine();
            return new Mark(Stopwatch.GetTimestamp(), self, children, busy, total, ffmpeg);
        }
    }

    private sealed record Measurement(double FfmpegPercent, double SelfPercent, double OtherChildrenPercent, double MachineBusyPercent, long Frames, long Dropped, bool CommandMatches)
    {
        public double OwnPercent => SelfPercent + OtherChildrenPercent;

        public static Measurement From(Mark first, CpuSample? ffmpegLast, Mark end, long frames, long dropped, bool commandMatches)
        {
            if (first.Ffmpeg is not { } ffmpegFirst || ffmpegLast is not { } last)
            {
                throw new InvalidOperationException("ffmpeg's CPU could not be sampled.");
            }

            var ffmpeg = 100 * (last.Cpu - ffmpegFirst.Cpu).TotalSeconds / Stopwatch.GetElapsedTime(ffmpegFirst.Timestamp, last.Timestamp).TotalSeconds;
            var wall = Stopwatch.GetElapsedTime(first.Timestamp, end.Timestamp).TotalSeconds;
            var self = 100 * (end.Self - first.Self).TotalSeconds / wall;

            // Waited-for children that ended in the window: the capture ffmpeg (its whole life, last polled value) plus
            // any other (snapshot encoders). What exceeds the capture ffmpeg is the others'; polling lag can make it
            // slightly negative, hence the clamp.
            var others = Math.Max(0, (end.Children - first.Children - last.Cpu).TotalSeconds);
            var machine = 100.0 * (end.MachineBusy - first.MachineBusy) / Math.Max(1, end.MachineTotal - first.MachineTotal);
            return new Measurement(ffmpeg, self, 100 * others / wall, machine, frames, dropped, commandMatches);
        }
    }
}

/// <summary>A process's CPU time (user+sys) at a <see cref="Stopwatch"/> timestamp.</summary>
internal sealed record CpuSample(long Timestamp, TimeSpan Cpu);

/// <summary>Polls one child's <c>/proc/&lt;pid&gt;/stat</c> until it is gone, keeping the last sample.</summary>
internal sealed class ChildWatch : IDisposable
{
    // Coarse on purpose: the polling runs in the measured process. Its only error is ffmpeg's last < 250 ms (the window
    // ends at the last sample, and at most ~0.05 % of a core moves from ffmpeg to the snapshot encoders' residual).
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;
    private CpuSample? _last;

    public ChildWatch(int pid)
    {
        Pid = pid;
        CommandLine = ProcStat.ReadCommandLine(pid);
        _last = ReadNow();
        _polling = PollAsync(_stop.Token);
    }

    public int Pid { get; }

    /// <summary>The arguments the process was started with (null when it was already gone).</summary>
    public IReadOnlyList<string>? CommandLine { get; }

    /// <summary>The last sample taken while the process existed.</summary>
    public CpuSample? Last => Volatile.Read(ref _last);

    /// <summary>The capture ffmpeg among this process's children (the one writing segments), or null.</summary>
    public static ChildWatch? FindCaptureFfmpeg()
    {
        var self = Environment.ProcessId;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid)
                && ProcStat.ReadParent(pid) == self
                && ProcStat.ReadCommandLine(pid) is { } arguments
                && Path.GetFileName(arguments[0]) == "ffmpeg"
                && arguments.Contains("segment"))
            {
                return new ChildWatch(pid);
            }
        }

        return null;
    }

    public CpuSample? ReadNow()
    {
        var sample = ProcStat.ReadCpu(Pid) is { } cpu ? new CpuSample(Stopwatch.GetTimestamp(), cpu) : null;
        if (sample is not null)
        {
            Volatile.Write(ref _last, sample);
        }

        return sample;
    }

    /// <summary>Waits until polling saw the process gone (call after it exited).</summary>
    public async Task StopAsync()
    {
        await _polling;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        var alive = true;
        while (alive && await timer.WaitForNextTickAsync(cancellationToken))
        {
            alive = ReadNow() is not null;
        }
    }
}

/// <summary>Reads <c>/proc</c>. Clock ticks are USER_HZ, 100 on every Linux architecture the product runs on.</summary>
internal static class ProcStat
{
    private const double TicksPerSecond = 100;

    /// <summary>This process's own CPU and its waited-for children's CPU.</summary>
    public static (TimeSpan Self, TimeSpan Children) ReadSelf()
    {
        var fields = Fields("/proc/self/stat") ?? throw new InvalidOperationException("/proc/self/stat is unreadable");
        return (Ticks(fields[11]) + Ticks(fields[12]), Ticks(fields[13]) + Ticks(fields[14]));
    }

    /// <summary>utime+stime of <paramref name="pid"/>, or null when it is gone (or a zombie).</summary>
    public static TimeSpan? ReadCpu(int pid) => Fields($"/proc/{pid}/stat") is { } fields && fields[0] != "Z" ? Ticks(fields[11]) + Ticks(fields[12]) : null;

    public static int? ReadParent(int pid) => Fields($"/proc/{pid}/stat") is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;

    public static IReadOnlyList<string>? ReadCommandLine(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/cmdline");
            return text.Length == 0 ? null : text.TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Busy and total ticks of all CPUs (first line of <c>/proc/stat</c>; idle and iowait are not busy).</summary>
    public static (long Busy, long Total) ReadMachine()
    {
        using var reader = new StreamReader("/proc/stat");
        var values = (reader.ReadLine() ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        return (total - values[3] - values[4], total);
    }

    // Fields after the command name (which may hold spaces): [0] is the state (field 3 in proc(5)).
    private static string[]? Fields(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static TimeSpan Ticks(string value) => TimeSpan.FromSeconds(long.Parse(value, CultureInfo.InvariantCulture) / TicksPerSecond);
}
