using EdgeCam.Agent.Cameras;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.Cloud;
using EdgeCam.Agent.Firmware;
using EdgeCam.Agent.Hosting;
using EdgeCam.Agent.Outbox;
using EdgeCam.Agent.Systemd;
using EdgeCam.Agent.Upstream;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.FileUpload;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Identity.Dps;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.IotHub;
using EdgeCam.Agent.LocalBroker;
using EdgeCam.Edge.Mqtt.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Run;

/// <summary>
/// <c>edgecam-agent run</c>: the four modules in one process until SIGTERM. With an IoT Hub identity (connection
/// string or DPS) the device twin's per-module sections override the template (<see cref="DeviceTwinSections"/>) and
/// <c>$upstream</c> goes to IoT Hub through the on-disk <see cref="Outbox.Outbox"/>; without one, the template's
/// settings apply and <c>$upstream</c> goes to the console and <c>alerts.jsonl</c>.
/// </summary>
public sealed class RunCommand
{
    private readonly RunOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly ILoggerFactory? _loggerFactory;

    /// <param name="options">The parsed options.</param>
    /// <param name="output">Progress lines.</param>
    /// <param name="error">One line per bad input.</param>
    /// <param name="loggerFactory">Logs of the identity, outbox and cloud link; the EdgeCam console when null.</param>
    public RunCommand(RunOptions options, TextWriter output, TextWriter error, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        _out = output;
        _error = error;
        _loggerFactory = loggerFactory;
    }

    /// <summary>Called once the modules run (tests watch the in-process hub through it).</summary>
    internal Func<IHost, Task>? Started { get; init; }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; returns an <see cref="ExitCodes"/> value.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        DeploymentTemplate template;
        try
        {
            template = CameraList.LoadTemplate(_options.TemplatePath, Path.Combine(_options.DataDirectory, CameraList.FileName));
        }
        catch (DeploymentTemplateException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }

        await using var defaults = new ServiceCollection().AddEdgeModuleDefaults().BuildServiceProvider();
        var loggers = _loggerFactory ?? defaults.GetRequiredService<ILoggerFactory>();
        var time = TimeProvider.System;
        IIotHubCredentials? credentials;
        try
        {
            credentials = await DeviceIdentity.ResolveAsync(_options, time, loggers, cancellationToken);
        }
        catch (Exception ex) when (ex is FormatException or DpsRegistrationException)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGTERM (an update, a reboot) while DPS was still assigning: nothing ran yet, so stop as asked; the next
            // start registers again or uses the cached assignment.
            await _out.WriteLineAsync("[agent] stopped before DPS registration finished");
            return ExitCodes.Success;
        }

        LocalBrokerChoice broker;
        try
        {
            broker = LocalBrokerChoice.Parse(_options.MqttBroker);
        }
        catch (FormatException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }

        var data = _options.DataDirectory;
        var volume = Path.Combine(data, "volume");
        Directory.CreateDirectory(volume);
        var settings = AgentHost.ModuleSettings(volume, StorageArgument.Split(_options.StorageConnectionString).ConnectionString, StorageArgument.Split(_options.StorageConnectionString).SasUrl, _options.UsesIotHubStorage);

        if (credentials is null)
        {
            await _out.WriteLineAsync($"[agent] no IoT Hub identity: template settings, alerts to {Path.Combine(data, "alerts.jsonl")}");
            using var alertLog = new LocalAlertLog(Path.Combine(data, "alerts.jsonl"), _out);
            return await HostAsync(AgentHost.Build(template, new Dictionary<string, System.Text.Json.Nodes.JsonObject>(), settings, alertLog, broker, console: _options.Console), null, null, loggers, cancellationToken);
        }

        IotHubFileUploadSession? fileUpload;
        try
        {
            fileUpload = _options.UsesIotHubStorage
                ? new IotHubFileUploadSession(credentials, new IotHubFileUploadOptions { HttpsPort = _options.HttpsPort, CaFile = _options.CaFile })
                : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FileUploadException)
        {
            // A module identity or a gateway (neither can use file upload), or an unreadable CA file.
            await _error.WriteLineAsync($"error: --storage iothub: {ex.Message}");
            return ExitCodes.BadInput;
        }

        using var fileUploadLifetime = fileUpload;
        await using var outbox = Outbox.Outbox.Open(new OutboxOptions(Path.Combine(data, "outbox")), loggers.CreateLogger<Outbox.Outbox>());
        var clientOptions = new IotHubClientOptions { Port = _options.Port, CaFile = _options.CaFile };
        var client = new IotHubModuleClient(credentials, clientOptions, () => new MqttNetConnection(loggers.CreateLogger<MqttNetConnection>()), time, loggers.CreateLogger<IotHubModuleClient>());
        FirmwareUpdater? updater = null;
        await using var link = new DeviceCloudLink(client, outbox, template.ModuleNames, Path.Combine(data, DeviceTwinSections.CacheFileName), time, loggers)
        {
            FirmwareSection = (section, ct) => updater?.OnDesiredAsync(section, ct) ?? Task.CompletedTask,
        };
        await using var firmware = updater = _options.FirmwareRoot is { } root ? CreateUpdater(root, link, time, loggers) : null;
        await _out.WriteLineAsync($"[agent] IoT Hub device {credentials.DeviceId} on {credentials.HostName}; outbox {Path.Combine(data, "outbox")} ({outbox.Count} waiting)");
        if (fileUpload is not null)
        {
            await _out.WriteLineAsync($"[agent] clips upload through IoT Hub's file upload ({fileUpload.Description}): no storage credential on the device");
        }

        return await HostAsync(AgentHost.Build(template, link.CachedOverrides, settings, new OutboxUpstream(outbox), broker, outbox, fileUpload, _options.Console), link, firmware, loggers, cancellationToken);
    }

    private FirmwareUpdater CreateUpdater(string root, DeviceCloudLink link, TimeProvider time, ILoggerFactory loggers)
    {
        var reporter = new FirmwareStatusReporter(link.ReportAsync, time, loggers.CreateLogger<FirmwareStatusReporter>());
        var version = ReleaseFiles.RunningVersion();
        _out.WriteLine($"[agent] firmware release {version}, install root {root}");
        return new FirmwareUpdater(FirmwareLayout.For(root, _options.DataDirectory), version, ReleaseFiles.RunningPublicKey(), reporter, time, loggers.CreateLogger<FirmwareUpdater>());
    }

    private async Task<int> HostAsync(IHost host, DeviceCloudLink? link, FirmwareUpdater? firmware, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using (host)
        {
            // Under systemd (edgecam-agent.service): READY=1 once the modules run, the watchdog pinged while they do.
            await using var systemd = SystemdSupervision.FromEnvironment(TimeProvider.System, loggers.CreateLogger<SystemdSupervision>());
            await host.StartAsync(cancellationToken);
            if (link is not null)
            {
                await link.StartAsync(host.Services.GetRequiredService<InProcessHub>(), cancellationToken);
            }

            if (firmware is not null)
            {
                await firmware.StartAsync(cancellationToken);
            }

            systemd.Ready(new PipelineHealth(host).WhyUnhealthy);
            if (Started is { } started)
            {
                await started(host);
            }

            // SIGTERM or Ctrl+C, or a firmware switch (or failed trial) asking for a restart: stop the modules cleanly.
            var exit = firmware?.ExitRequested ?? new TaskCompletionSource<int>().Task;
            await Task.WhenAny(exit, Task.Delay(Timeout.Infinite, cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
            await systemd.StoppingAsync();
            await host.StopAsync(CancellationToken.None);
            if (exit.IsCompletedSuccessfully)
            {
                await _out.WriteLineAsync($"[agent] firmware: exiting with {exit.Result} so the supervisor restarts into {(exit.Result == ExitCodes.FirmwareSwitched ? "the new release" : "the guard's rollback")}");
                return exit.Result;
            }
        }

        return ExitCodes.Success;
    }
}
