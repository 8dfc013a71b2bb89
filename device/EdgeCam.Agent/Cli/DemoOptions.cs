using System.Globalization;

namespace EdgeCam.Agent.Cli;

/// <summary>What <c>edgecam-agent demo</c> was asked to do.</summary>
public sealed record DemoOptions
{
    /// <summary>A video file to play as the camera, or null for the synthetic camera.</summary>
    public string? Source { get; init; }

    /// <summary>Length of the synthetic clip.</summary>
    public TimeSpan SyntheticDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Play the source in real time (true) or as fast as possible (false, for tests).</summary>
    public bool Realtime { get; init; } = true;

    /// <summary>Where the shared volume, Azurite's data and the alert file go.</summary>
    public string DataDirectory { get; init; } = Path.GetFullPath(Path.Combine(".edgecam", "demo"));

    /// <summary>deployment.template.json: routes and default desired properties.</summary>
    public string TemplatePath { get; init; } = Path.GetFullPath("deployment.template.json");

    /// <summary>device/tools (holding node_modules/azurite); when set and no connection string is given, the demo starts Azurite.</summary>
    public string? AzuriteToolsDirectory { get; init; }

    /// <summary>A storage connection string or container SAS URL; wins over Azurite. Comes from --storage, EDGECAM_STORAGE_CONNECTION_STRING or EDGECAM_STORAGE_SAS_URL.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>Host the web console (<c>--console</c>) and keep it up after the summary until Ctrl+C.</summary>
    public bool Console { get; init; }

    /// <summary>The console's port (<c>--console-port</c>; 0: any free one); null: EDGECAM_CONSOLE_PORT or the console's default.</summary>
    public int? ConsolePort { get; init; }

    /// <summary>How long to wait, after the camera ended, for clips and uploads to finish.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Parses the options after the <c>demo</c> verb.</summary>
    /// <exception cref="UsageException">An option is unknown or has a bad value.</exception>
    public static DemoOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new DemoOptions { StorageConnectionString = StorageArgument.FromEnvironment(environment) };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value.");
            options = name switch
            {
                "--source" => options with { Source = Value() },
                "--duration" => options with { SyntheticDuration = TimeSpan.FromSeconds(Seconds(name, Value(), 10, 3600)) },
                "--fast" => options with { Realtime = false },
                "--data" => options with { DataDirectory = Path.GetFullPath(Value()) },
                "--template" => options with { TemplatePath = Path.GetFullPath(Value()) },
                "--azurite" => options with { AzuriteToolsDirectory = Path.GetFullPath(Value()) },
                "--no-azurite" => options with { AzuriteToolsDirectory = null },
                "--storage" => options with { StorageConnectionString = Value() },
                "--console" => options with { Console = true },
                "--console-port" => options with { Console = true, ConsolePort = Port(name, Value()) },
                "--settle-timeout" => options with { SettleTimeout = TimeSpan.FromSeconds(Seconds(name, Value(), 1, 3600)) },
                _ => throw new UsageException($"unknown option '{name}'."),
            };
        }

        return options;
    }

    private static int Port(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new UsageException($"{name} must be a TCP port (0-65535), got '{value}'.");

    private static double Seconds(string name, string value, double min, double max)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < min || seconds > max)
        {
            throw new UsageException($"{name} must be a number of seconds between {min} and {max}, got '{value}'.");
        }

        return seconds;
    }
}

/// <summary>The command line was wrong; the message says how.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
