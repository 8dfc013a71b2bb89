using System.Globalization;
using System.Net;
using EdgeCam.Onvif.Discovery;

namespace EdgeCam.Agent.Cli;

/// <summary>Options of <c>edgecam-agent cameras discover|add|list|remove</c>.</summary>
public sealed record CamerasOptions
{
    /// <summary>discover, add, list or remove.</summary>
    public required string Verb { get; init; }

    /// <summary>
    /// For add: a device service address (<c>http://…</c>) or the number <c>discover</c> listed it under; for remove: the
    /// camera's id in the list.
    /// </summary>
    public string? Target { get; init; }

    /// <summary>For add: the camera id (default: from its ONVIF name, else <c>camera&lt;N&gt;</c>).</summary>
    public string? CameraId { get; init; }

    /// <summary>Where the WS-Discovery probe goes: the multicast group by default, or a camera's own address.</summary>
    public IPEndPoint ProbeTarget { get; init; } = WsDiscoveryProbe.MulticastTarget;

    /// <summary>How long probe answers are collected.</summary>
    public TimeSpan ListenTime { get; init; } = WsDiscoveryProbe.DefaultListenTime;

    /// <summary>The ONVIF user (none: anonymous calls).</summary>
    public string? User { get; init; }

    /// <summary>The ONVIF password, read from the environment variable <c>--password-env</c> names (never from the command line).</summary>
    public string? Password { get; init; }

    /// <summary>The agent's data directory: cameras.json and the last discovery live there.</summary>
    public string DataDirectory { get; init; } = Path.GetFullPath(Path.Combine(".edgecam", "agent"));

    /// <summary>Parses the arguments after <c>cameras</c>.</summary>
    /// <exception cref="UsageException">A verb or option is unknown or has a bad value.</exception>
    public static CamerasOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        if (args.Count == 0 || args[0] is not ("discover" or "add" or "list" or "remove"))
        {
            throw new UsageException($"cameras needs discover, add, list or remove{(args.Count == 0 ? "" : $", got '{args[0]}'")}.");
        }

        var options = new CamerasOptions { Verb = args[0] };
        string? passwordVariable = null;
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value.");
            switch (name)
            {
                case "--probe-address":
                    options = options with { ProbeTarget = ParseEndpoint(Value()) };
                    break;
                case "--timeout":
                    options = options with { ListenTime = ParseSeconds(Value()) };
                    break;
                case "--user":
                    options = options with { User = Value() };
                    break;
                case "--password-env":
                    passwordVariable = Value();
                    break;
                case "--id":
                    options = options with { CameraId = Value() };
                    break;
                case "--data":
                    options = options with { DataDirectory = Path.GetFullPath(Value()) };
                    break;
                default:
                    if (options.Verb is "add" or "remove" && options.Target is null && !name.StartsWith("--", StringComparison.Ordinal))
                    {
                        options = options with { Target = name };
                        break;
                    }

                    throw new UsageException($"unknown option '{name}' for cameras {options.Verb}.");
            }
        }

        if (options.Verb == "add" && options.Target is null)
        {
            throw new UsageException("cameras add needs a device address (http://…/onvif/device_service) or the number discover listed.");
        }

        if (options.Verb == "remove" && options.Target is null)
        {
            throw new UsageException("cameras remove needs the id of a camera in the list (cameras list shows them).");
        }

        if (passwordVariable is not null)
        {
            var password = environment(passwordVariable);
            if (string.IsNullOrEmpty(password))
            {
                throw new UsageException($"--password-env {passwordVariable}: that environment variable is not set.");
            }

            options = options with { Password = password };
        }

        if ((options.User is null) != (options.Password is null))
        {
            throw new UsageException("give --user and --password-env together (the password is read from the environment, never the command line).");
        }

        return options;
    }

    // An IP address with an optional port (3702, the WS-Discovery port, by default): no name lookups for a probe target.
    private static IPEndPoint ParseEndpoint(string text)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            return new IPEndPoint(address, WsDiscoveryProbe.MulticastTarget.Port);
        }

        return IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0
            ? endpoint
            : throw new UsageException($"--probe-address must be an IP address with an optional port (192.168.1.20 or 127.0.0.1:3702), got '{text}'.");
    }

    private static TimeSpan ParseSeconds(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 60
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"--timeout must be seconds in (0, 60], got '{text}'.");
}
