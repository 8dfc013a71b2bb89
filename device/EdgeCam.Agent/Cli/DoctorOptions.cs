using System.Globalization;
using EdgeCam.Edge.Diagnostics;

namespace EdgeCam.Agent.Cli;

/// <summary>Options of <c>edgecam-agent doctor</c>: what to check on this device (the run options it shares mean the same).</summary>
public sealed record DoctorOptions
{
    /// <summary>The data directory whose disk and writability are checked (the run command's <c>--data</c>).</summary>
    public string DataDirectory { get; init; } = Path.GetFullPath(Path.Combine(".edgecam", "agent"));

    /// <summary>IoT Hub device connection string: its host name is checked for reachability.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>DPS endpoint checked when <see cref="DpsIdScope"/> is given.</summary>
    public string DpsHost { get; init; } = "global.azure-devices-provisioning.net";

    /// <summary>DPS ID scope: when set, the DPS endpoint is checked.</summary>
    public string? DpsIdScope { get; init; }

    /// <summary>MQTT port of IoT Hub and DPS.</summary>
    public int Port { get; init; } = 8883;

    /// <summary>Storage for BlobBuffer: a connection string or a container SAS URL.</summary>
    public string? Storage { get; init; }

    /// <summary>A camera device node to check (e.g. <c>/dev/video0</c>); none when null.</summary>
    public string? Camera { get; init; }

    /// <summary>Directory where a GPIO chip is looked for (<c>--gpio</c> checks <c>/dev</c>); none when null.</summary>
    public string? GpioDevRoot { get; init; }

    /// <summary>Check CameraCapture's night vision from <see cref="TemplatePath"/> and the cached device twin in <see cref="DataDirectory"/>.</summary>
    public bool NightVision { get; init; }

    /// <summary>deployment.template.json, as the run command reads it.</summary>
    public string TemplatePath { get; init; } = Path.GetFullPath("deployment.template.json");

    /// <summary>Minimum free space on the data directory's disk.</summary>
    public long MinFreeBytes { get; init; } = FreeDiskCheck.DefaultFloorBytes;

    /// <summary>Parses the options after the <c>doctor</c> verb; identity and storage may also come from the environment.</summary>
    /// <exception cref="UsageException">An option is unknown or has a bad value.</exception>
    public static DoctorOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var options = new DoctorOptions
        {
            ConnectionString = Empty(environment(RunOptions.ConnectionStringVariable)),
            Storage = StorageArgument.FromEnvironment(environment),
        };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value.");
            options = name switch
            {
                "--data" => options with { DataDirectory = Path.GetFullPath(Value()) },
                "--connection-string" => options with { ConnectionString = Value() },
                "--dps-id-scope" => options with { DpsIdScope = Value() },
                "--dps-host" => options with { DpsHost = Value() },
                "--port" => options with { Port = ParsePort(Value()) },
                "--storage" => options with { Storage = Value() },
                "--camera" => options with { Camera = Value() },
                "--gpio" => options with { GpioDevRoot = "/dev" },
                "--night-vision" => options with { NightVision = true },
                "--template" => options with { TemplatePath = Path.GetFullPath(Value()) },
                "--min-free-mb" => options with { MinFreeBytes = ParseMegabytes(Value()) },
                _ => throw new UsageException($"unknown option '{name}'."),
            };
        }

        return options;
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is >= 1 and <= 65535
            ? port
            : throw new UsageException($"--port must be a TCP port (1-65535), got '{text}'.");

    private static long ParseMegabytes(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long mb) && mb <= long.MaxValue / (1024 * 1024)
            ? mb * 1024 * 1024
            : throw new UsageException($"--min-free-mb must be a whole number of MiB, got '{text}'.");
}
