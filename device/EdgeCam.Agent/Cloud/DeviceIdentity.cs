using System.Text.Json.Nodes;
using EdgeCam.Agent.Cli;
using EdgeCam.Edge.Identity.Dps;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Mqtt.Transport;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Cloud;

/// <summary>
/// The agent's IoT Hub identity from its options: a device connection string, or DPS with a symmetric key (the
/// assigned hub and device id are cached, so a restart while DPS is unreachable still connects to the last hub).
/// </summary>
public static partial class DeviceIdentity
{
    /// <summary>The credentials, or null when no identity was configured.</summary>
    /// <exception cref="FormatException">The connection string or a key is malformed (the message never holds a key).</exception>
    /// <exception cref="DpsRegistrationException">DPS refused or failed the registration and no earlier assignment is cached.</exception>
    public static async Task<IIotHubCredentials?> ResolveAsync(RunOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (options.ConnectionString is { } connectionString)
        {
            return new ConnectionStringCredentials(IotHubConnectionString.Parse(connectionString), timeProvider);
        }

        if (!options.UsesDps)
        {
            return null;
        }

        var key = options.DpsGroupKey is { } groupKey ? DpsSettings.DeriveDeviceKey(groupKey, options.DpsRegistrationId!) : options.DpsKey!;
        var settings = new DpsSettings(options.DpsIdScope!, options.DpsRegistrationId!, key, options.DpsHost, options.Port, options.CaFile, options.CaFile is null ? "/etc/ssl/certs" : null);
        var cache = Path.Combine(options.DataDirectory, "dps-assignment.json");
        var logger = loggerFactory.CreateLogger(typeof(DeviceIdentity));
        DpsAssignment assignment;
        try
        {
            var client = new DpsRegistrationClient(() => new MqttNetConnection(loggerFactory.CreateLogger<MqttNetConnection>()), timeProvider, loggerFactory.CreateLogger<DpsRegistrationClient>());
            assignment = await client.RegisterAsync(settings, cancellationToken);
            Directory.CreateDirectory(options.DataDirectory);
            await File.WriteAllTextAsync(cache, new JsonObject { ["assignedHub"] = assignment.AssignedHub, ["deviceId"] = assignment.DeviceId }.ToJsonString(), cancellationToken);
        }
        catch (DpsRegistrationException ex) when (ex.Status is null && ReadCache(cache) is { } cached)
        {
            LogUsingCachedAssignment(logger, ex.Message, cached.AssignedHub, cached.DeviceId);
            assignment = cached;
        }

        return new ConnectionStringCredentials(new IotHubConnectionString(assignment.AssignedHub, assignment.DeviceId, null, key, null, null), timeProvider);
    }

    private static DpsAssignment? ReadCache(string path)
    {
        try
        {
            return File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject o && (string?)o["assignedHub"] is { } hub && (string?)o["deviceId"] is { } device
                ? new DpsAssignment(hub, device)
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(531, LogLevel.Warning, "DPS unreachable ({Reason}); connecting to the last assigned hub {Hub} as {DeviceId}")]
    private static partial void LogUsingCachedAssignment(ILogger logger, string reason, string hub, string deviceId);
}
