using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using EdgeCam.Contracts.Capture;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;
using Xunit.Abstractions;

namespace EdgeCam.Agent.Tests.Faults;

/// <summary>
/// Issue 8, "disk as a hard bound": the real agent process records onto a small ext4 volume the test loop-mounts, with
/// the free-space floor near the footage; the test fills the volume with a ballast file (ENOSPC), then deletes it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DiskFullFaultTests(ITestOutputHelper output)
{
    private const long VolumeBytes = 64L * 1024 * 1024;
    private const long FloorBytes = 24L * 1024 * 1024;
    private const long RoomAboveFloor = 3L * 1024 * 1024 / 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Agent_VolumeFilledToEnospcThenFreed_WaitsForSpaceResumesByItselfAndHoldsTheFloorWithin1Percent()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("diskfault");
        var camera = await SyntheticClip.GenerateAsync(temp.Combine("camera.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(120), MotionIntervals = [] }, CancellationToken.None);
        var template = WriteTemplate(temp.Combine("deployment.template.json"));
        using var mounted = SmallVolume.Ext4(temp.Combine("volume.img"), temp.Combine("mnt"), VolumeBytes);
        var data = Path.Combine(mounted.MountPoint, "agent");
        var ballast = Path.Combine(mounted.MountPoint, "ballast");
        var bound = mounted.TotalBytes - FloorBytes;

        // Other files on the volume leave the footage 1.5 MB above the floor: retention holds the floor within seconds.
        var resident = Path.Combine(mounted.MountPoint, "resident");
        using (var file = new FileStream(resident, FileMode.Create))
        {
            file.Write(new byte[mounted.FreeBytes - FloorBytes - RoomAboveFloor]);
        }

        var usage = new UsageSampler(mounted, ballast);
        using var agent = AgentProcess.Start(data, template, camera.Path);
        try
        {
            using var sampling = new CancellationTokenSource();
            var sampler = usage.RunAsync(sampling.Token);

            await agent.WaitForLineAsync(l => l.Contains("Free-space floor Evicting", StringComparison.Ordinal), "retention holds the floor", TimeSpan.FromSeconds(45));

            // Fill the volume; keep taking what retention frees until capture itself hits ENOSPC.
            var waiting = await agent.WaitForLineAsync(
                l => l.Contains("WaitingForSpace", StringComparison.Ordinal),
                "capture reports waitingForSpace",
                Patience,
                whileWaiting: () => usage.Fill());
            var belowFloor = await agent.WaitForLineAsync(l => l.Contains("Storage below the free-space floor", StringComparison.Ordinal), "the recorder raises storage below the floor", Patience, whileWaiting: () => usage.Fill());
            await Task.Delay(TimeSpan.FromSeconds(2));
            var sessionsBefore = Sessions(data).ToHashSet(StringComparer.Ordinal);
            var freedAt = usage.DeleteBallast();

            var resumed = await agent.WaitForLineAsync(l => l.Contains(": Running (", StringComparison.Ordinal) && agent.IndexOf(l) > agent.IndexOf(waiting), "capture runs again", Patience);
            var recovered = await agent.WaitForLineAsync(l => l.Contains("Storage back above the free-space floor", StringComparison.Ordinal), "the recorder raises the recovery", Patience);
            string? newSession = null;
            await Eventually.TrueAsync(() => (newSession = Sessions(data).FirstOrDefault(s => !sessionsBefore.Contains(s) && ListedSegments(s) >= 2)) is not null, "a new session lists two segments after the ballast is gone", (int)Patience.TotalMilliseconds);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await sampling.CancelAsync();
            await sampler;

            output.WriteLine($"volume {mounted.TotalBytes / 1048576.0:0.00} MB, floor {FloorBytes / 1048576.0:0.00} MB, bound (volume - floor) {bound / 1048576.0:0.00} MB");
            output.WriteLine($"peak used without the ballast {usage.PeakBytes / 1048576.0:0.00} MB ({100.0 * usage.PeakBytes / bound:0.00} % of the bound) over {usage.Samples} samples; ballast peak {usage.PeakBallastBytes / 1048576.0:0.00} MB");
            output.WriteLine($"waiting: {waiting}");
            output.WriteLine($"below floor: {belowFloor}");
            output.WriteLine($"capture running again {(LoggedAt(resumed) - freedAt).TotalSeconds:0.0} s after the ballast was deleted: {resumed}");
            output.WriteLine($"recovered: {recovered}");
            output.WriteLine($"new session: {Path.GetFileName(newSession)} with {ListedSegments(newSession!)} segments");
            var alerts = agent.Lines.Where(l => l.StartsWith("[upstream] alert", StringComparison.Ordinal)).ToList();
            output.WriteLine($"alerts upstream:\n{string.Join('\n', alerts)}");

            Assert.Contains("No space left on device", waiting, StringComparison.Ordinal);
            Assert.True(usage.PeakBallastBytes > 0, "the ballast took no space");
            Assert.True(usage.PeakBytes <= bound * 1.01, $"peak {usage.PeakBytes} bytes is more than 1 % over the bound {bound} bytes");
            Assert.DoesNotContain(agent.Lines, l => l.Contains(": Failed (", StringComparison.Ordinal));
            Assert.Contains(alerts, l => l.Contains("\"kind\":\"storageRecovered\"", StringComparison.Ordinal));
        }
        catch
        {
            output.WriteLine(string.Join('\n', agent.Lines.TakeLast(80)));
            throw;
        }
        finally
        {
            agent.Kill();
        }
    }

    // The UTC time a single-line console log line starts with.
    private static DateTimeOffset LoggedAt(string line) =>
        DateTimeOffset.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    // The repository template with a floor and quota sized for the test volume and 1 s segments.
    private static string WriteTemplate(string path)
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json")))!;
        var recorder = template["modulesContent"]!["SegmentRecorder"]!["properties.desired"]!;
        recorder["retentionMaxBytes"] = VolumeBytes;
        recorder["minFreeBytes"] = FloorBytes;
        recorder["minFreePercent"] = 0;
        template["modulesContent"]!["CameraCapture"]!["properties.desired"]!["segmentSeconds"] = 1;
        File.WriteAllText(path, template.ToJsonString());
        return path;
    }

    private static IEnumerable<string> Sessions(string data)
    {
        var spool = Path.Combine(data, "volume", "spool");
        return Directory.Exists(spool) ? Directory.EnumerateDirectories(spool).SelectMany(Directory.EnumerateDirectories) : [];
    }

    private static int ListedSegments(string session)
    {
        var list = Path.Combine(session, CaptureSession.SegmentListFileName);
        try
        {
            return File.Exists(list) ? File.ReadAllLines(list).Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Samples the volume's used bytes without the ballast; the ballast is written and deleted under the same lock, so no sample sees half a change.</summary>
    private sealed class UsageSampler(SmallVolume volume, string ballast)
    {
        private readonly Lock _gate = new();

        public long PeakBytes { get; private set; }

        public long PeakBallastBytes { get; private set; }

        public int Samples { get; private set; }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                lock (_gate)
                {
                    var ballastBytes = File.Exists(ballast) ? new FileInfo(ballast).Length : 0;
                    var used = volume.TotalBytes - volume.FreeBytes - ballastBytes;
                    PeakBytes = Math.Max(PeakBytes, used);
                    PeakBallastBytes = Math.Max(PeakBallastBytes, ballastBytes);
                    Samples++;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        public void Fill()
        {
            lock (_gate)
            {
                volume.Fill(ballast);
            }
        }

        public DateTimeOffset DeleteBallast()
        {
            lock (_gate)
            {
                File.Delete(ballast);
                return DateTimeOffset.UtcNow;
            }
        }
    }

    /// <summary><c>edgecam-agent demo</c> as a child process, its stdout and stderr collected line by line.</summary>
    private sealed class AgentProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        private AgentProcess(Process process)
        {
            _process = process;
        }

        public IReadOnlyList<string> Lines => [.. _lines];

        public static AgentProcess Start(string data, string template, string camera)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "edgecam-agent.dll"), "demo", "--data", data, "--template", template, "--source", camera, "--no-azurite", "--settle-timeout", "1" })
            {
                info.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = info };
            var agent = new AgentProcess(process);
            process.OutputDataReceived += (_, e) => agent.Add(e.Data);
            process.ErrorDataReceived += (_, e) => agent.Add(e.Data);
            if (!process.Start())
            {
                throw new InvalidOperationException("the agent process did not start");
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return agent;
        }

        public int IndexOf(string line) => Lines.ToList().IndexOf(line);

        /// <summary>Waits for a line; <paramref name="whileWaiting"/> runs between looks. Fails naming what did not happen.</summary>
        public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout, Action? whileWaiting = null)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                if (_lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }

                if (DateTime.UtcNow > deadline || _process.HasExited)
                {
                    Assert.Fail($"{what}: no such line within {timeout.TotalSeconds:0} s (agent {(_process.HasExited ? $"exited with {_process.ExitCode}" : "running")})");
                }

                whileWaiting?.Invoke();
                await Task.Delay(100);
            }
        }

        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }
    }
}
