using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.Hosting;
using EdgeCam.Agent.Upstream;
using EdgeCam.DevKit.Storage;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.InProcess;
using EdgeCam.Media.Processes;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.WebConsole;
using EdgeCam.WebConsole.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeCam.Agent.Demo;

/// <summary>
/// <c>edgecam-agent demo</c>: runs all four modules on a synthetic (or given) camera until the camera ends and every
/// event has its clip uploaded (or stuck in the buffer), then prints and writes a summary. With <c>--console</c> it
/// also hosts the web console (its address printed once) and keeps it up after the summary until Ctrl+C.
/// </summary>
public sealed class DemoCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the console may take to listen before the demo goes on without announcing it.</summary>
    private static readonly TimeSpan ConsoleStartTimeout = TimeSpan.FromSeconds(30);

    private readonly DemoOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public DemoCommand(DemoOptions options, TextWriter output, TextWriter error)
    {
        _options = options;
        _out = output;
        _error = error;
    }

    /// <summary>Runs the demo; returns an <see cref="ExitCodes"/> value.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var template = LoadTemplate();
        if (template is null)
        {
            return ExitCodes.BadInput;
        }

        var data = _options.DataDirectory;
        PrepareDataDirectory(data);
        var volume = Path.Combine(data, "volume");

        var camera = await PrepareCameraAsync(data, cancellationToken);
        if (camera is null)
        {
            return ExitCodes.BadInput;
        }

        await using var azurite = await StartAzuriteAsync(data, cancellationToken);
        var connectionString = _options.StorageConnectionString ?? azurite?.ConnectionString;

        using var alertLog = new LocalAlertLog(Path.Combine(data, "alerts.jsonl"), _out);
        var settings = new Dictionary<string, string?>(AgentHost.ModuleSettings(volume, StorageArgument.Split(connectionString).ConnectionString, StorageArgument.Split(connectionString).SasUrl));
        if (_options.ConsolePort is { } consolePort)
        {
            settings[ConsoleOptions.PortVariable] = consolePort.ToString(CultureInfo.InvariantCulture);
        }

        var overrides = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["CameraCapture"] = new() { ["source"] = camera.Source, ["realtime"] = _options.Realtime, ["loop"] = false },
        };

        var progress = new PipelineProgress();
        IHost host;
        try
        {
            host = AgentHost.Build(template, overrides, settings, alertLog, console: _options.Console);
        }
        catch (DeploymentTemplateException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }

        using (host)
        {
            var hub = host.Services.GetRequiredService<InProcessHub>();
            hub.MessageRouted += (_, routed) => progress.Observe(routed);
            await _out.WriteLineAsync($"[demo] camera: {camera.Description}");
            await _out.WriteLineAsync($"[demo] shared volume: {volume}");
            await host.StartAsync(cancellationToken);
            if (_options.Console)
            {
                await AnnounceConsoleAsync(host.Services.GetRequiredService<ConsoleModule>());
            }

            var outcome = await WaitForPipelineAsync(progress, hub, cancellationToken);
            var blobBuffer = hub.GetReportedProperties("BlobBuffer")["buffer"];
            if (!_options.Console)
            {
                await host.StopAsync(CancellationToken.None);
            }

            var snapshot = progress.Snapshot();
            if (snapshot.FailedCamera is { } failed)
            {
                if (_options.Console)
                {
                    await host.StopAsync(CancellationToken.None);
                }

                await _error.WriteLineAsync($"error: camera source '{failed.Source}' cannot be used: {failed.Error}");
                return ExitCodes.BadInput;
            }

            var summary = DemoSummary.From(
                snapshot,
                camera.Description,
                camera.GroundTruth,
                SessionStart(volume),
                (string?)blobBuffer?["target"] ?? "(unknown)",
                (string?)blobBuffer?["lastError"],
                new DemoFiles(volume, alertLog.Path, Path.Combine(data, "summary.json"), azurite is null ? null : Path.Combine(data, "azurite")));
            summary.WriteTo(_out);
            await File.WriteAllTextAsync(summary.Files.Summary, JsonSerializer.Serialize(summary, DemoJsonContext.Default.DemoSummary), cancellationToken);
            if (_options.Console)
            {
                await KeepConsoleUpAsync(cancellationToken);
                await host.StopAsync(CancellationToken.None);
            }

            return outcome switch
            {
                PipelineOutcome.Done when snapshot.NotUploaded.Count > 0 => ExitCodes.ClipsStillBuffered,
                PipelineOutcome.Done => ExitCodes.Success,
                PipelineOutcome.Failed => ExitCodes.BadInput,
                _ => ExitCodes.Incomplete,
            };
        }
    }

    // The console's address, once, when it listens (loopback: http://127.0.0.1:8480 unless a port or TLS was given).
    private async Task AnnounceConsoleAsync(ConsoleModule console)
    {
        try
        {
            var urls = await console.Listening.WaitAsync(ConsoleStartTimeout);
            await _out.WriteLineAsync($"[demo] web console: {urls[0].Replace("[::]", "127.0.0.1", StringComparison.Ordinal)} (live view, events, clips, health, settings)");
        }
        catch (Exception ex) when (ex is ServerCertificateException or TimeoutException)
        {
            await _error.WriteLineAsync($"[demo] web console not started: {ex.Message}");
        }
    }

    // After the summary the modules keep running (the camera has ended) so the console can be browsed.
    private async Task KeepConsoleUpAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        await _out.WriteLineAsync("[demo] the web console stays up until Ctrl+C");
        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private DeploymentTemplate? LoadTemplate()
    {
        try
        {
            return DeploymentTemplate.Load(_options.TemplatePath);
        }
        catch (DeploymentTemplateException ex)
        {
            _error.WriteLine($"error: {ex.Message}");
            return null;
        }
    }

    private static void PrepareDataDirectory(string data)
    {
        Directory.CreateDirectory(data);
        // The demo owns these names under its data directory; each run starts from a clean slate.
        foreach (var owned in new[] { "volume", "azurite" })
        {
            var path = Path.Combine(data, owned);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        foreach (var owned in new[] { "alerts.jsonl", "summary.json" })
        {
            File.Delete(Path.Combine(data, owned));
        }

        Directory.CreateDirectory(Path.Combine(data, "volume"));
    }

    private async Task<DemoSource?> PrepareCameraAsync(string data, CancellationToken cancellationToken)
    {
        if (_options.Source is { } source)
        {
            var problem = DemoSource.ProblemWith(source);
            if (problem is not null)
            {
                await _error.WriteLineAsync($"error: camera source '{source}' cannot be opened: {problem}");
                return null;
            }

            return new DemoSource(Path.IsPathRooted(source) || source.Contains("://", StringComparison.Ordinal) ? source : Path.GetFullPath(source), source, null);
        }

        var options = DemoCamera.Options(_options.SyntheticDuration);
        await _out.WriteLineAsync($"[demo] generating a {options.Duration.TotalSeconds:F0} s synthetic camera with ffmpeg");
        try
        {
            var clip = await SyntheticClip.GenerateAsync(Path.Combine(data, "synthetic-camera.mp4"), options, cancellationToken);
            var truth = clip.MotionIntervals.Select(i => new GroundTruthInterval(i.Start.TotalSeconds, i.End.TotalSeconds)).ToList();
            return new DemoSource(clip.Path, $"synthetic {options.Duration.TotalSeconds:F0} s, {options.Width}x{options.Height} @ {options.FramesPerSecond} fps ({clip.Path})", truth);
        }
        catch (MediaToolNotFoundException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return null;
        }
    }

    private async Task<AzuriteProcess?> StartAzuriteAsync(string data, CancellationToken cancellationToken)
    {
        if (_options.StorageConnectionString is not null || _options.AzuriteToolsDirectory is null)
        {
            return null;
        }

        await _out.WriteLineAsync("[demo] starting Azurite (Azure Storage emulator) on 127.0.0.1");
        var azurite = await AzuriteProcess.StartAsync(_options.AzuriteToolsDirectory, Path.Combine(data, "azurite"), cancellationToken);
        await _out.WriteLineAsync($"[demo] Azurite blob endpoint: {azurite.BlobEndpoint}");
        return azurite;
    }

    private async Task<PipelineOutcome> WaitForPipelineAsync(PipelineProgress progress, InProcessHub hub, CancellationToken cancellationToken)
    {
        DateTimeOffset? camerasEndedAt = null;
        try
        {
            while (true)
            {
                await Task.Delay(PollInterval, cancellationToken);
                var snapshot = progress.Snapshot();
                if (snapshot.FailedCamera is not null)
                {
                    return PipelineOutcome.Failed;
                }

                if (!snapshot.CamerasEnded)
                {
                    continue;
                }

                camerasEndedAt ??= DateTimeOffset.UtcNow;
                if (snapshot.AllEventsClipped && (snapshot.NotUploaded.Count == 0 || UploadsStuck(hub)))
                {
                    return PipelineOutcome.Done;
                }

                if (DateTimeOffset.UtcNow - camerasEndedAt > _options.SettleTimeout)
                {
                    await _error.WriteLineAsync($"[demo] the pipeline did not settle within {_options.SettleTimeout.TotalSeconds:F0} s after the camera ended");
                    return PipelineOutcome.TimedOut;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _out.WriteLineAsync("[demo] interrupted");
            return PipelineOutcome.TimedOut;
        }
    }

    /// <summary>BlobBuffer holds clips it could not upload and says why (403, offline): they stay buffered, the demo stops waiting.</summary>
    private static bool UploadsStuck(InProcessHub hub)
    {
        var buffer = hub.GetReportedProperties("BlobBuffer")["buffer"];
        return buffer?["lastError"] is not null && buffer["pendingCount"]?.GetValue<long>() > 0;
    }

    private static DateTimeOffset? SessionStart(string volume)
    {
        var spool = Path.Combine(volume, "spool");
        if (!Directory.Exists(spool))
        {
            return null;
        }

        return Directory.EnumerateFiles(spool, CaptureSession.FileName, SearchOption.AllDirectories)
            .Select(f => ContractJson.Deserialize(File.ReadAllBytes(f), ContractsJsonContext.Default.CaptureSession).StartedAt)
            .Order()
            .Cast<DateTimeOffset?>()
            .FirstOrDefault();
    }

    private enum PipelineOutcome
    {
        Done,
        Failed,
        TimedOut,
    }
}
