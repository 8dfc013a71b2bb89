using EdgeCam.Edge.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace EdgeCam.Edge.Hosting;

/// <summary>The <c>doctor</c> first argument of a module image: checks the device for what this module needs and prints one line per check.</summary>
public static class DoctorCommand
{
    /// <summary>The edgeHub host IoT Edge gives a module; edgeHub's MQTT port is <see cref="MqttPort"/>.</summary>
    public const string GatewayHostVariable = "IOTEDGE_GATEWAYHOSTNAME";

    /// <summary>MQTT over TLS: edgeHub and IoT Hub.</summary>
    public const int MqttPort = 8883;

    /// <summary>True when <paramref name="args"/> asks for the doctor (first argument <c>doctor</c>).</summary>
    public static bool IsRequested(string[] args) => args is ["doctor", ..];

    /// <summary>The checks every module needs: clock, free disk and a writable shared volume, edgeHub when IoT Edge names one.</summary>
    public static IReadOnlyList<IDeviceCheck> CommonChecks(IConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(time);
        var volume = SharedVolumeSetting.From(configuration).Root;
        var checks = new List<IDeviceCheck>
        {
            new ClockCheck(time),
            new FreeDiskCheck(volume),
            new WritableDirectoryCheck(volume),
        };
        if (configuration[GatewayHostVariable] is { Length: > 0 } gateway)
        {
            checks.Add(new TcpReachableCheck("edgehub", gateway, MqttPort, "edgeHub (iotedge check; iotedge logs edgeHub)"));
        }

        return checks;
    }

    /// <summary>Runs the common checks then <paramref name="moduleChecks"/>, prints to stdout; returns 0 when none failed, 1 otherwise.</summary>
    public static Task<int> RunAsync(IConfiguration configuration, IEnumerable<IDeviceCheck> moduleChecks, CancellationToken cancellationToken)
        => RunAsync(configuration, moduleChecks, Console.Out, cancellationToken);

    /// <summary>Runs the common checks then <paramref name="moduleChecks"/>, prints to <paramref name="output"/>; returns 0 when none failed, 1 otherwise.</summary>
    public static Task<int> RunAsync(IConfiguration configuration, IEnumerable<IDeviceCheck> moduleChecks, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(moduleChecks);
        return new DoctorRunner().RunAsync(CommonChecks(configuration, TimeProvider.System).Concat(moduleChecks), output, cancellationToken);
    }
}
