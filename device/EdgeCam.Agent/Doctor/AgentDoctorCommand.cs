using System.Text.Json.Nodes;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.Cloud;
using EdgeCam.BlobBuffer.Diagnostics;
using EdgeCam.CameraCapture.Diagnostics;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.Diagnostics;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Twin;

namespace EdgeCam.Agent.Doctor;

/// <summary><c>edgecam-agent doctor</c>: checks the clock, the data disk, storage, IoT Hub or DPS, and the camera, GPIO and night vision when asked; one line each.</summary>
public sealed class AgentDoctorCommand(DoctorOptions options, TextWriter output, TimeProvider time)
{
    /// <summary>The checks these options ask for, in the order they are printed.</summary>
    public IReadOnlyList<IDeviceCheck> Checks()
    {
        var checks = new List<IDeviceCheck>
        {
            new ClockCheck(time),
            new FreeDiskCheck(options.DataDirectory, options.MinFreeBytes),
            new WritableDirectoryCheck(options.DataDirectory),
        };
        var (connectionString, sasUrl) = StorageArgument.Split(options.Storage); // neither for iothub: IoT Hub is checked below
        checks.AddRange(StorageChecks.For(connectionString, sasUrl));
        checks.AddRange(IdentityChecks());
        if (options.Camera is not null)
        {
            checks.Add(new DeviceNodeCheck("camera", options.Camera, "the camera"));
        }

        if (options.GpioDevRoot is not null)
        {
            checks.Add(new GpioChipCheck(options.GpioDevRoot));
        }

        if (options.NightVision)
        {
            checks.AddRange(CameraChecks.NightVision(ConfiguredNightVision()));
        }

        return checks;
    }

    /// <summary>CameraCapture's settings as the agent would start with them: the template's, the cached device twin's section merged over.</summary>
    private NightVisionConfiguration ConfiguredNightVision()
    {
        const string module = "CameraCapture";
        JsonObject desired;
        try
        {
            desired = DeploymentTemplate.Load(options.TemplatePath).DesiredPropertiesOf(module);
        }
        catch (Exception ex) when (ex is DeploymentTemplateException or KeyNotFoundException)
        {
            return new(options.TemplatePath, [], null, $"{ex.Message}; pass --template with the deployment the agent runs");
        }

        var cachePath = Path.Combine(options.DataDirectory, DeviceTwinSections.CacheFileName);
        var origin = Path.GetFileName(options.TemplatePath);
        if (DeviceTwinSections.LoadCache(cachePath)[module] is JsonObject twin)
        {
            JsonMergePatch.Apply(desired, twin);
            origin += " + " + DeviceTwinSections.CacheFileName;
        }

        return NightVisionConfiguration.FromDesired(desired, origin);
    }

    /// <summary>Runs the checks; 0 when none failed, 1 otherwise.</summary>
    public Task<int> RunAsync(CancellationToken cancellationToken) => new DoctorRunner().RunAsync(Checks(), output, cancellationToken);

    private IEnumerable<IDeviceCheck> IdentityChecks()
    {
        if (options.ConnectionString is not null)
        {
            IotHubConnectionString identity;
            try
            {
                identity = IotHubConnectionString.Parse(options.ConnectionString);
            }
            catch (FormatException ex)
            {
                return [new KnownResultCheck(CheckResult.Fail("iothub", $"{ex.Message}; fix --connection-string or {RunOptions.ConnectionStringVariable}."))];
            }

            return [new TcpReachableCheck("iothub", identity.GatewayHostName ?? identity.HostName, options.Port, "IoT Hub (or the gateway)")];
        }

        return options.DpsIdScope is not null ? [new TcpReachableCheck("dps", options.DpsHost, options.Port, "DPS")] : [];
    }

    /// <summary>A check decided while building the list (a malformed connection string).</summary>
    private sealed class KnownResultCheck(CheckResult result) : IDeviceCheck
    {
        public string Name => result.Name;

        public Task<CheckResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(result);
    }
}
