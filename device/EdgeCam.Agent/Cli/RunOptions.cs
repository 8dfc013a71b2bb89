using System.Globalization;
using EdgeCam.Agent.LocalBroker;

namespace EdgeCam.Agent.Cli;

/// <summary>What <c>edgecam-agent run</c> was asked to do. <see cref="ToString"/> never shows a key or connection string.</summary>
public sealed record RunOptions
{
    public const string ConnectionStringVariable = "EDGECAM_DEVICE_CONNECTION_STRING";
    public const string DpsKeyVariable = "EDGECAM_DPS_KEY";
    public const string DpsGroupKeyVariable = "EDGECAM_DPS_GROUP_KEY";
    public const string FirmwareRootVariable = "EDGECAM_FIRMWARE_ROOT";

    /// <summary>deployment.template.json: routes and default desired properties.</summary>
    public string TemplatePath { get; init; } = Path.GetFullPath("deployment.template.json");

    /// <summary>Where the shared volume, the outbox, caches and the local alert log go.</summary>
    public string DataDirectory { get; init; } = Path.GetFullPath(Path.Combine(".edgecam", "agent"));

    /// <summary>A device connection string (IoT Hub identity without DPS).</summary>
    public string? ConnectionString { get; init; }

    public string? DpsIdScope { get; init; }

    public string? DpsRegistrationId { get; init; }

    /// <summary>The device key of an individual enrollment (or an already derived group key).</summary>
    public string? DpsKey { get; init; }

    /// <summary>The enrollment group's key: the device key is derived from it and the registration id.</summary>
    public string? DpsGroupKey { get; init; }

    /// <summary>The DPS endpoint (global by default).</summary>
    public string DpsHost { get; init; } = "global.azure-devices-provisioning.net";

    /// <summary>The CA file IoT Hub's and DPS's certificates must chain to; the system store when null.</summary>
    public string? CaFile { get; init; }

    /// <summary>MQTT port of IoT Hub and DPS (8883; another one for a test broker).</summary>
    public int Port { get; init; } = 8883;

    /// <summary>IoT Hub's HTTPS port, for file upload (443; another one for a test hub).</summary>
    public int HttpsPort { get; init; } = 443;

    /// <summary>BlobBuffer's storage: <c>iothub</c> (file upload with the device identity), a connection string or a container SAS URL.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>True when BlobBuffer uploads through IoT Hub's file upload (<c>--storage iothub</c> or <c>EDGECAM_STORAGE=iothub</c>).</summary>
    public bool UsesIotHubStorage => StorageArgument.IsIotHub(StorageConnectionString);

    /// <summary>The firmware install root (<c>/opt/edgecam</c>: releases/, current): over-the-air updates of the agent; none when null.</summary>
    public string? FirmwareRoot { get; init; }

    /// <summary>
    /// The local MQTT broker as <see cref="LocalBrokerChoice.Variable"/> gave it (parsed by <see cref="LocalBrokerChoice"/>
    /// when the agent starts); null for the default, the embedded broker on <see cref="LocalBrokerChoice.DefaultPort"/>.
    /// </summary>
    public string? MqttBroker { get; init; }

    /// <summary>Host the web console (<c>--console</c>): on loopback unless a console password is set.</summary>
    public bool Console { get; init; }

    /// <summary>True when DPS options were given.</summary>
    public bool UsesDps => DpsIdScope is not null || DpsRegistrationId is not null;

    /// <summary>Parses the options after the <c>run</c> verb; keys may also come from the environment (kept out of <c>ps</c>).</summary>
    /// <exception cref="UsageException">An option is unknown, has a bad value, or the identity options do not fit together.</exception>
    public static RunOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var options = new RunOptions
        {
            ConnectionString = Empty(environment(ConnectionStringVariable)),
            DpsKey = Empty(environment(DpsKeyVariable)),
            DpsGroupKey = Empty(environment(DpsGroupKeyVariable)),
            StorageConnectionString = StorageArgument.FromEnvironment(environment),
            FirmwareRoot = Empty(environment(FirmwareRootVariable)) is { } root ? Path.GetFullPath(root) : null,
            MqttBroker = Empty(environment(LocalBrokerChoice.Variable)),
        };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value.");
            options = name switch
            {
                "--console" => options with { Console = true },
                "--template" => options with { TemplatePath = Path.GetFullPath(Value()) },
                "--data" => options with { DataDirectory = Path.GetFullPath(Value()) },
                "--connection-string" => options with { ConnectionString = Value() },
                "--dps-id-scope" => options with { DpsIdScope = Value() },
                "--dps-registration-id" => options with { DpsRegistrationId = Value() },
                "--dps-key" => options with { DpsKey = Value() },
                "--dps-group-key" => options with { DpsGroupKey = Value() },
                "--dps-host" => options with { DpsHost = Value() },
                "--ca-file" => options with { CaFile = Path.GetFullPath(Value()) },
                "--port" => options with { Port = ParsePort(Value()) },
                "--https-port" => options with { HttpsPort = ParsePort(Value(), name) },
                "--storage" => options with { StorageConnectionString = Value() },
                "--firmware-root" => options with { FirmwareRoot = Path.GetFullPath(Value()) },
                _ => throw new UsageException($"unknown option '{name}'."),
            };
        }

        options.Validate();
        return options;
    }

    public override string ToString() =>
        $"run (template {TemplatePath}, data {DataDirectory}, identity {(ConnectionString is not null ? "connection string" : UsesDps ? $"DPS {DpsIdScope}/{DpsRegistrationId}" : "none")})";

    private void Validate()
    {
        if (ConnectionString is not null && UsesDps)
        {
            throw new UsageException("give either a connection string or DPS options, not both.");
        }

        if (UsesIotHubStorage && ConnectionString is null && !UsesDps)
        {
            throw new UsageException("--storage iothub (IoT Hub file upload) needs an IoT Hub device identity: give --connection-string or the DPS options.");
        }

        if (!UsesDps)
        {
            return;
        }

        var missing = new[] { ("--dps-id-scope", DpsIdScope), ("--dps-registration-id", DpsRegistrationId) }.Where(o => o.Item2 is null).Select(o => o.Item1).ToList();
        if (DpsKey is null && DpsGroupKey is null)
        {
            missing.Add($"--dps-key or --dps-group-key (or {DpsKeyVariable} / {DpsGroupKeyVariable})");
        }

        if (missing.Count > 0)
        {
            throw new UsageException($"DPS needs {string.Join(", ", missing)}.");
        }

        if (DpsKey is not null && DpsGroupKey is not null)
        {
            throw new UsageException("give --dps-key (the device's key) or --dps-group-key (derived per device), not both.");
        }
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int ParsePort(string text, string option = "--port") =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is >= 1 and <= 65535
            ? port
            : throw new UsageException($"{option} must be a TCP port (1-65535), got '{text}'.");
}
