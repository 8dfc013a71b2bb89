using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using EdgeCam.Agent.Cli;
using EdgeCam.Edge.Twin;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// The agent's over-the-air update of itself, driven by the device twin's desired <c>firmware</c> section
/// (<see cref="FirmwareSettings"/>): download, check the SHA-256 and the owner's signature, unpack beside the running
/// release, switch <c>current</c>, then ask to exit with <see cref="ExitCodes.FirmwareSwitched"/> so systemd
/// (Restart=always) starts the new release; the new release's first start is a <see cref="FirmwareTrial"/>. Each state
/// change is reported once (<see cref="FirmwareStatusReporter"/>). A section whose update was refused or rolled back is
/// not tried again until it changes.
/// </summary>
public sealed partial class FirmwareUpdater : IAsyncDisposable
{
    private static readonly TimeSpan ReportRetryDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RestartReportTimeout = TimeSpan.FromSeconds(15);

    private readonly FirmwareLayout _layout;
    private readonly FirmwareStatusReporter _reporter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _running;
    private readonly string? _publicKey;
    private readonly PackageDownloader _downloader = new();
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    // The newest desired section wins: an update in progress finishes, the sections that came meanwhile collapse to the last.
    private readonly Channel<JsonObject?> _desired = Channel.CreateBounded<JsonObject?>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private FirmwareTrial? _trial;
    private Task _loop = Task.CompletedTask;

    /// <param name="layout">The install root and the state directory.</param>
    /// <param name="runningVersion">The running release's version (<see cref="ReleaseFiles.RunningVersion"/>).</param>
    /// <param name="publicKeyPem">The public key the running release ships with (null: every package is refused).</param>
    public FirmwareUpdater(FirmwareLayout layout, string runningVersion, string? publicKeyPem, FirmwareStatusReporter reporter, TimeProvider timeProvider, ILogger<FirmwareUpdater> logger)
    {
        _layout = layout;
        _running = runningVersion;
        _publicKey = publicKeyPem;
        _reporter = reporter;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>Completes with the exit code the agent should stop with (<see cref="ExitCodes.FirmwareSwitched"/> or <see cref="ExitCodes.FirmwareUnhealthy"/>).</summary>
    public Task<int> ExitRequested => _exit.Task;

    /// <summary>Reads the firmware state and starts reporting it (and confirming a trial) in the background, then takes desired sections.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(_layout.StateDirectory);
        _trial = FirmwareTrial.Begin(_layout, _running);
        if (_trial.IsOnTrial)
        {
            LogTrial(_logger, _running, _trial.HealthTimeout.TotalSeconds);
        }

        var stopping = _stopping.Token;
        _loop = Task.Run(() => RunAsync(_trial, stopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>The desired <c>firmware</c> section (null when the twin has none), after each full twin and each patch touching it.</summary>
    public Task OnDesiredAsync(JsonObject? section, CancellationToken cancellationToken)
    {
        _desired.Writer.TryWrite(section?.DeepClone().AsObject());
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _desired.Writer.TryComplete();
        await _loop;
        _downloader.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(FirmwareTrial trial, CancellationToken stopping)
    {
        try
        {
            if (!await ReportStartAsync(trial, stopping))
            {
                return;
            }

            await foreach (var section in _desired.Reader.ReadAllAsync(stopping))
            {
                if (await UpdateAsync(section, stopping))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The agent is stopping.
        }
    }

    // Reports the start (retrying until IoT Hub acknowledges); confirms a trial, or gives it up after its health timeout.
    private async Task<bool> ReportStartAsync(FirmwareTrial trial, CancellationToken stopping)
    {
        using var deadline = trial.IsOnTrial ? new CancellationTokenSource(trial.HealthTimeout, _time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, deadline.Token);
        try
        {
            while (!await _reporter.ReportAsync(trial.InitialStatus, linked.Token))
            {
                await Task.Delay(ReportRetryDelay, _time, linked.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"release {_running} did not report healthy within {trial.HealthTimeout.TotalSeconds} s");
            LogTrialFailed(_logger, reason);
            trial.GiveUp(reason);
            _exit.TrySetResult(ExitCodes.FirmwareUnhealthy);
            return false;
        }

        if (trial.IsOnTrial)
        {
            trial.Confirm();
            LogConfirmed(_logger, _running);
        }

        return true;
    }

    // One desired section; true when the agent switched and must exit.
    private async Task<bool> UpdateAsync(JsonObject? section, CancellationToken stopping)
    {
        if (section is null)
        {
            return false;
        }

        var previous = _trial?.InitialStatus.PreviousVersion;
        FirmwareSettings desired;
        try
        {
            desired = FirmwareSettings.Parse(section);
        }
        catch (SettingsValidationException ex)
        {
            var target = section["version"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
            await _reporter.ReportAsync(new FirmwareStatus(FirmwareState.Refused, _running, target, previous, $"{string.Join("; ", ex.Errors.Select(e => $"{FirmwareSettings.SectionName}.{e}"))}"), stopping);
            return false;
        }

        if (desired.Version == _running || AlreadyTried(desired))
        {
            return false;
        }

        Task Say(FirmwareState state, string message) => _reporter.ReportAsync(new FirmwareStatus(state, _running, desired.Version, previous, message), stopping);

        await Say(FirmwareState.Downloading, $"downloading release {desired.Version} from {desired.PackageUrl.Host}");
        Directory.CreateDirectory(_layout.Downloads);
        var package = Path.Combine(_layout.Downloads, desired.Version + ".tar.gz");
        try
        {
            var sha256 = await _downloader.DownloadAsync(desired.PackageUrl, package, stopping);
            await Say(FirmwareState.Verifying, $"checking the SHA-256 and signature of release {desired.Version}");
            if (PackageVerifier.Problem(desired, package, sha256, _publicKey) is { } problem)
            {
                throw new FirmwarePackageException(problem) { Refused = true };
            }

            await Say(FirmwareState.Installing, $"unpacking release {desired.Version} beside {_running}");
            await ReleaseInstaller.InstallAsync(_layout, package, desired.Version, stopping);
        }
        catch (Exception ex) when (ex is FirmwarePackageException or IOException or UnauthorizedAccessException)
        {
            bool refused = ex is FirmwarePackageException { Refused: true };
            if (refused)
            {
                Remember(desired, FirmwareState.Refused, ex.Message);
            }

            await Say(refused ? FirmwareState.Refused : FirmwareState.Failed, ex.Message);
            return false;
        }
        finally
        {
            File.Delete(package);
        }

        KeyValueFile.Write(_layout.Pending, new Dictionary<string, string>
        {
            ["version"] = desired.Version,
            ["previous"] = _running,
            ["sha256"] = desired.Sha256Lower,
            ["healthTimeoutSeconds"] = desired.HealthTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        });
        File.Delete(_layout.Attempts);
        File.Delete(_layout.Unhealthy);
        ReleaseSwitch.PointCurrentAt(_layout, desired.Version);
        LogSwitched(_logger, desired.Version, _running);
        using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            bounded.CancelAfter(RestartReportTimeout);
            try
            {
                await _reporter.ReportAsync(new FirmwareStatus(FirmwareState.Restarting, _running, desired.Version, _running, $"switched to release {desired.Version}; restarting into it"), bounded.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                // Not acknowledged in time: restart all the same; the new release reports once it is up.
            }
        }

        _exit.TrySetResult(ExitCodes.FirmwareSwitched);
        return true;
    }

    // The same package was refused or rolled back before: reported then, not tried again until the section changes.
    private bool AlreadyTried(FirmwareSettings desired) =>
        KeyValueFile.Read(_layout.LastUpdate) is { } last
        && last.GetValueOrDefault("version") == desired.Version
        && last.GetValueOrDefault("sha256") == desired.Sha256Lower
        && last.GetValueOrDefault("signature", desired.Signature) == desired.Signature
        && last.GetValueOrDefault("state") is "refused" or "rolledBack";

    private void Remember(FirmwareSettings desired, FirmwareState state, string message) =>
        KeyValueFile.Write(_layout.LastUpdate, new Dictionary<string, string>
        {
            ["state"] = FirmwareStatus.StateName(state),
            ["version"] = desired.Version,
            ["sha256"] = desired.Sha256Lower,
            ["signature"] = desired.Signature,
            ["previous"] = _trial?.InitialStatus.PreviousVersion ?? string.Empty,
            ["message"] = message,
        });

    [LoggerMessage(563, LogLevel.Information, "Firmware release {Version} is on trial: it must reach IoT Hub within {Seconds} s or it is rolled back")]
    private static partial void LogTrial(ILogger logger, string version, double seconds);

    [LoggerMessage(564, LogLevel.Information, "Firmware release {Version} confirmed")]
    private static partial void LogConfirmed(ILogger logger, string version);

    [LoggerMessage(565, LogLevel.Error, "Firmware trial failed: {Reason}; the guard rolls back at the next start")]
    private static partial void LogTrialFailed(ILogger logger, string reason);

    [LoggerMessage(566, LogLevel.Information, "Firmware: current now points at release {Version} (was {Previous}); exiting so the supervisor starts it")]
    private static partial void LogSwitched(ILogger logger, string version, string previous);
}
