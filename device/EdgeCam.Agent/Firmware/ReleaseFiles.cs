using EdgeCam.Edge.Twin;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// What a release directory (<c>/opt/edgecam/releases/&lt;version&gt;</c>, the unpacked package) holds beside the agent's
/// published files: its version stamp and the public key that checks the packages of the next release.
/// </summary>
public static class ReleaseFiles
{
    /// <summary>One line: the release's version. Written by <c>edgecam-agent firmware pack</c>; wins over the assembly's version.</summary>
    public const string VersionFile = "firmware-version";

    /// <summary>The owner's ECDSA P-256 public key (PEM, SubjectPublicKeyInfo), copied in by <c>firmware pack</c>.</summary>
    public const string PublicKeyFile = "firmware-public-key.pem";

    /// <summary>The apphost the systemd unit starts (<c>/opt/edgecam/current/edgecam-agent</c>).</summary>
    public const string Executable = "edgecam-agent";

    /// <summary>The agent's managed entry assembly (a framework-dependent release runs <c>dotnet edgecam-agent.dll</c> too).</summary>
    public const string EntryAssembly = "edgecam-agent.dll";

    /// <summary>The version of the release in <paramref name="directory"/>: its version file, else the assembly's informational version.</summary>
    public static string VersionOf(string directory)
    {
        var file = Path.Combine(directory, VersionFile);
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } stamped)
        {
            return stamped;
        }

        return DesiredStatus.VersionOf(typeof(ReleaseFiles).Assembly);
    }

    /// <summary>The version of the running agent.</summary>
    public static string RunningVersion() => VersionOf(AppContext.BaseDirectory);

    /// <summary>The public key the running agent ships with, or null when its release has none.</summary>
    public static string? RunningPublicKey()
    {
        var file = Path.Combine(AppContext.BaseDirectory, PublicKeyFile);
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }
}
