namespace EdgeCam.Containers.Tests.Docker;

/// <summary>The docker client of Debian's docker.io, talking to the private daemon of tests/containers/dockerd.sh.</summary>
public sealed class DockerCli(string dockerHost)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Debian docker.io's client (the API its 20.10 daemon speaks), before any other docker on PATH.</summary>
    private static string Executable => File.Exists("/usr/bin/docker") ? "/usr/bin/docker" : "docker";

    public string DockerHost { get; } = dockerHost;

    /// <summary>Runs docker with <paramref name="arguments"/>; fails with its stderr when it exits non-zero.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var result = await TryRunAsync(arguments, cancellationToken, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StandardError.Trim()} {Tail(result.StandardOutput)}");
        }

        return result.StandardOutput;
    }

    /// <summary>Runs docker with <paramref name="arguments"/> and returns whatever it did.</summary>
    public Task<CommandResult> TryRunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        CommandLine.RunAsync(
            Executable,
            arguments,
            new Dictionary<string, string> { ["DOCKER_HOST"] = DockerHost, ["DOCKER_BUILDKIT"] = "1" },
            timeout ?? DefaultTimeout,
            cancellationToken);

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
