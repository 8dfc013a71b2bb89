using System.Globalization;
using EdgeCam.Contracts;
using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.Configuration;

namespace EdgeCam.WebConsole.Web;

/// <summary>
/// How the console is served, from the environment (configuration): the port, the password file and an optional
/// TLS certificate. Without a password it listens on loopback only; with one, on every interface behind a login.
/// </summary>
public sealed record ConsoleOptions
{
    public const string PortVariable = "EDGECAM_CONSOLE_PORT";
    public const string PasswordFileVariable = "EDGECAM_CONSOLE_PASSWORD_FILE";
    public const string TlsCertificateVariable = "EDGECAM_CONSOLE_TLS_CERT";
    public const string TlsKeyVariable = "EDGECAM_CONSOLE_TLS_KEY";

    /// <summary>The port when <see cref="PortVariable"/> is not set.</summary>
    public const int DefaultPort = 8480;

    /// <summary>The password file under the shared volume when <see cref="PasswordFileVariable"/> is not set.</summary>
    public const string DefaultPasswordFile = "console/password.hash";

    public required SharedVolume Volume { get; init; }

    /// <summary>The TCP port (0: any free port, for tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Where the password hash is (none there: loopback only, no login).</summary>
    public required string PasswordFile { get; init; }

    /// <summary>A PEM certificate for HTTPS (null: plain HTTP).</summary>
    public string? TlsCertificateFile { get; init; }

    /// <summary>The PEM private key of <see cref="TlsCertificateFile"/> (null: in the certificate file).</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>How long a sign-in attempt waits for the one before it (<see cref="Security.SignInGate"/>) before a 429.</summary>
    public TimeSpan SignInQueueWait { get; init; } = Security.SignInGate.DefaultQueueWait;

    /// <summary>Reads the options; a bad value throws naming the variable.</summary>
    /// <exception cref="FormatException">A variable has a bad value.</exception>
    public static ConsoleOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var volume = SharedVolumeSetting.From(configuration);
        var port = configuration[PortVariable] is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 65535
                ? p
                : throw new FormatException($"{PortVariable} must be a TCP port (0-65535), got '{text}'.")
            : DefaultPort;
        return new ConsoleOptions
        {
            Volume = volume,
            Port = port,
            PasswordFile = Empty(configuration[PasswordFileVariable]) ?? Path.Combine(volume.Root, DefaultPasswordFile),
            TlsCertificateFile = Empty(configuration[TlsCertificateVariable]),
            TlsKeyFile = Empty(configuration[TlsKeyVariable]),
        };
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
