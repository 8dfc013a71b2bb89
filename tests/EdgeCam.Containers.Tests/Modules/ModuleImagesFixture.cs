using System.Diagnostics;
using System.Globalization;
using EdgeCam.Containers.Tests.Docker;
using EdgeCam.Testing;

namespace EdgeCam.Containers.Tests.Modules;

/// <summary>
/// Builds the four module images the way a user builds them with PUBLISH=context (modules/*/Dockerfile.amd64, from the
/// local stand-ins for debian:bookworm-slim and Microsoft's aspnet image) and starts one container of each, isolated
/// (--network none): each module tries to reach an edgeHub on its own loopback, where nothing listens.
/// </summary>
public sealed class ModuleImagesFixture : IAsyncLifetime
{
    /// <summary>An identity for the documented local-debug path (EdgeHubConnectionString); the key is 32 zero bytes.</summary>
    public const string EdgeHubHost = "127.0.0.1";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The first local-base.sh on a machine runs two debootstraps (12 min on a loaded 2-core VM); later runs take a second.</summary>
    private static readonly TimeSpan BaseTimeout = TimeSpan.FromMinutes(30);
    private readonly Dictionary<string, string> _containers = [];
    private bool _startedDockerd;

    public DockerCli Docker { get; private set; } = null!;

    /// <summary>Image size in bytes per module.</summary>
    public Dictionary<string, long> ImageSizes { get; } = [];

    /// <summary>What the setup took, for the test output.</summary>
    public List<string> Timings { get; } = [];

    public string ContainerOf(string module) => _containers[module];

    public async Task InitializeAsync()
    {
        var cancellationToken = CancellationToken.None;
        var root = RequiredTool.RepositoryRoot();
        var scripts = Path.Combine(root, "tests", "containers");
        var clock = Stopwatch.StartNew();

        var status = await CommandLine.RunAsync("bash", [Path.Combine(scripts, "dockerd.sh"), "status"], null, TimeSpan.FromSeconds(30), cancellationToken);
        _startedDockerd = status.ExitCode != 0;
        var dockerHost = Value(await Script(Path.Combine(scripts, "dockerd.sh"), ["start"], null, cancellationToken), "DOCKER_HOST");
        Docker = new DockerCli(dockerHost);
        var bases = await Script(Path.Combine(scripts, "local-base.sh"), [], new Dictionary<string, string> { ["DOCKER_HOST"] = dockerHost }, cancellationToken);
        Timings.Add($"dockerd and local bases: {clock.Elapsed.TotalSeconds:F1} s");

        using var context = new TempDirectory("edgecam-image-context");
        foreach (var image in ModuleImage.All)
        {
            clock.Restart();
            var project = Path.Combine(root, "modules", image.Module, image.Module + ".csproj");
            var publish = await CommandLine.RunAsync(
                "dotnet",
                ["publish", project, "-c", "Release", "-o", context.Combine("publish", image.Module), "-p:UseAppHost=false", "-v", "quiet", "-nologo"],
                null, BuildTimeout, cancellationToken);
            Assert.True(publish.ExitCode == 0, $"dotnet publish {image.Module} failed: {publish.StandardOutput}{publish.StandardError}");
            var published = clock.Elapsed;

            await Docker.RunAsync(
                [
                    "build", "--network", "none", "-q", "-t", image.Tag,
                    "-f", Path.Combine(root, "modules", image.Module, "Dockerfile.amd64"),
                    "--build-arg", "PUBLISH=context",
                    "--build-arg", "BASE_IMAGE=" + Value(bases, image.NeedsMedia ? "MEDIA_BASE" : "RUNTIME_BASE"),
                    "--build-arg", "DOTNET_IMAGE=" + Value(bases, "DOTNET_IMAGE"),
                    context.Path,
                ],
                cancellationToken,
                BuildTimeout);
            ImageSizes[image.Module] = long.Parse((await Docker.RunAsync(["image", "inspect", "-f", "{{.Size}}", image.Tag], cancellationToken)).Trim(), CultureInfo.InvariantCulture);
            Timings.Add($"{image.Module}: publish {published.TotalSeconds:F1} s, image build {(clock.Elapsed - published).TotalSeconds:F1} s");
        }

        clock.Restart();
        foreach (var image in ModuleImage.All)
        {
            var name = $"edgecam-test-{image.Module.ToLowerInvariant()}-{Guid.NewGuid():N}"[..40];
            var connectionString = $"HostName=hub.example;DeviceId=pi;ModuleId={image.Module};SharedAccessKey={Convert.ToBase64String(new byte[32])};GatewayHostName={EdgeHubHost}";
            // The image's own HEALTHCHECK command, probed every second instead of every 30 s.
            await Docker.RunAsync(
                ["run", "-d", "--name", name, "--network", "none", "--health-interval", "1s", "--health-retries", "3", "-e", "EdgeHubConnectionString=" + connectionString, image.Tag],
                cancellationToken);
            _containers[image.Module] = name;
        }

        Timings.Add($"containers started: {clock.Elapsed.TotalSeconds:F1} s");
    }

    public async Task DisposeAsync()
    {
        if (Docker is null)
        {
            return;
        }

        foreach (var name in _containers.Values)
        {
            await Docker.TryRunAsync(["rm", "-f", name], CancellationToken.None);
        }

        if (_startedDockerd)
        {
            var scripts = Path.Combine(RequiredTool.RepositoryRoot(), "tests", "containers");
            await CommandLine.RunAsync("bash", [Path.Combine(scripts, "dockerd.sh"), "stop"], null, TimeSpan.FromSeconds(60), CancellationToken.None);
        }
    }

    private static async Task<string> Script(string path, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var result = await CommandLine.RunAsync("bash", [path, .. arguments], environment, BaseTimeout, cancellationToken);
        Assert.True(result.ExitCode == 0, $"{Path.GetFileName(path)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        return result.StandardOutput;
    }

    /// <summary>The value of a NAME=value line a script printed.</summary>
    private static string Value(string output, string name) =>
        output.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..]
        ?? throw new InvalidOperationException($"the script printed no {name}=… line: {output}");
}
