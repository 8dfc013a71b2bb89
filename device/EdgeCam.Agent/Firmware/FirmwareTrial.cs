using System.Globalization;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// What the firmware state says when the agent starts, and the trial of a release that has just been switched to:
/// the status to report first (healthy, or the guard's rollback), whether this start is a trial, and how long the
/// trial may take. A trial is confirmed once that first report reached IoT Hub (the modules run and the cloud is
/// reachable, so the release can be updated again); a trial that cannot report in time gives up, and the guard
/// rolls back at the next start.
/// </summary>
public sealed class FirmwareTrial
{
    private readonly FirmwareLayout _layout;

    private FirmwareTrial(FirmwareLayout layout, FirmwareStatus initial, bool onTrial, TimeSpan healthTimeout)
    {
        _layout = layout;
        InitialStatus = initial;
        IsOnTrial = onTrial;
        HealthTimeout = healthTimeout;
    }

    /// <summary>The status to report once connected.</summary>
    public FirmwareStatus InitialStatus { get; }

    /// <summary>True when the running release was just switched to and is not confirmed yet.</summary>
    public bool IsOnTrial { get; }

    /// <summary>How long the trial may take to report healthy.</summary>
    public TimeSpan HealthTimeout { get; }

    /// <summary>Reads the state files for the release <paramref name="runningVersion"/>; a guard's rollback outcome is consumed (reported once).</summary>
    public static FirmwareTrial Begin(FirmwareLayout layout, string runningVersion)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var last = KeyValueFile.Read(layout.LastUpdate);
        var previous = last?.GetValueOrDefault("previous");
        if (KeyValueFile.Read(layout.Outcome) is { } outcome)
        {
            var failed = outcome.GetValueOrDefault("version") ?? "?";
            var message = outcome.GetValueOrDefault("message") ?? $"release {failed} was rolled back";
            KeyValueFile.Write(layout.LastUpdate, new Dictionary<string, string>
            {
                ["state"] = FirmwareStatus.StateName(FirmwareState.RolledBack),
                ["version"] = failed,
                ["sha256"] = outcome.GetValueOrDefault("sha256") ?? string.Empty,
                ["previous"] = failed,
                ["message"] = message,
            });
            File.Delete(layout.Outcome);
            return new FirmwareTrial(layout, new FirmwareStatus(FirmwareState.RolledBack, runningVersion, failed, failed, message), false, TimeSpan.Zero);
        }

        if (KeyValueFile.Read(layout.Pending) is { } pending && pending.GetValueOrDefault("version") == runningVersion && layout.CurrentVersion() == runningVersion)
        {
            var from = pending.GetValueOrDefault("previous");
            var timeout = double.TryParse(pending.GetValueOrDefault("healthTimeoutSeconds"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : FirmwareSettings.DefaultHealthTimeout;
            var status = new FirmwareStatus(FirmwareState.Healthy, runningVersion, runningVersion, from, $"updated from {from}: release {runningVersion} started and reached IoT Hub");
            return new FirmwareTrial(layout, status, true, timeout);
        }

        return new FirmwareTrial(layout, new FirmwareStatus(FirmwareState.Healthy, runningVersion, last?.GetValueOrDefault("state") == "healthy" ? runningVersion : null, previous, $"release {runningVersion} running"), false, TimeSpan.Zero);
    }

    /// <summary>The trial reported healthy: the release stays current, the trial files go, older releases are pruned.</summary>
    public void Confirm()
    {
        var pending = KeyValueFile.Read(_layout.Pending) ?? [];
        KeyValueFile.Write(_layout.LastUpdate, new Dictionary<string, string>
        {
            ["state"] = FirmwareStatus.StateName(FirmwareState.Healthy),
            ["version"] = InitialStatus.Version,
            ["sha256"] = pending.GetValueOrDefault("sha256") ?? string.Empty,
            ["previous"] = InitialStatus.PreviousVersion ?? string.Empty,
            ["message"] = InitialStatus.Message,
        });
        File.Delete(_layout.Pending);
        File.Delete(_layout.Attempts);
        File.Delete(_layout.Unhealthy);
        ReleaseInstaller.Prune(_layout, InitialStatus.Version, InitialStatus.PreviousVersion);
    }

    /// <summary>The trial could not report healthy in time: leaves the reason for the guard, which rolls back at the next start.</summary>
    public void GiveUp(string reason) => File.WriteAllText(_layout.Unhealthy, reason.ReplaceLineEndings(" ") + "\n");
}
