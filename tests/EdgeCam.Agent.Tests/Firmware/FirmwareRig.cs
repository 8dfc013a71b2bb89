using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.Firmware;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;

namespace EdgeCam.Agent.Tests.Firmware;

/// <summary>
/// What the over-the-air tests share, made once per test class: the agent published once (framework-dependent,
/// <c>dotnet publish --no-build</c> of the build the tests run), the owner's key pair and a stranger's, release
/// packages packed and signed with the agent's own <c>firmware pack</c>/<c>sign</c> code (1.0.0 for the first install,
/// 2.0.0 good, 3.0.0 that crashes at start: one of its assemblies is garbage, as a broken build would be), and Azurite
/// serving the packages through a read-only container SAS, as a blob store would serve them to a device.
/// </summary>
public sealed class FirmwareRig : IAsyncLifetime
{
    public const string Container = "firmware";

    // The newest service version Azurite 3.35 accepts (see shared/reference/dependencies.md).
    private static readonly BlobClientOptions StorageOptions = new(BlobClientOptions.ServiceVersion.V2025_11_05);

    private readonly RigDirectory _directory = new(Directory.CreateTempSubdirectory("edgecam-firmware-rig-").FullName);
    private AzuriteProcess? _azurite;
    private Uri? _containerSas;

    public string OwnerPublicKey { get; private set; } = string.Empty;

    public string OwnerPrivateKey { get; private set; } = string.Empty;

    public string StrangerPrivateKey { get; private set; } = string.Empty;

    /// <summary>The release package of the first install.</summary>
    public string FirstPackage => _directory.Combine("packages", "1.0.0.tar.gz");

    /// <summary>A minimal deployment template: EventRouter only, its alerts to $upstream (the pipeline is not under test).</summary>
    public string Template => _directory.Combine("deployment.template.json");

    public string PackagePath(string version) => _directory.Combine("packages", version + ".tar.gz");

    public async Task InitializeAsync()
    {
        var publish = _directory.Combine("publish");
        var watch = Stopwatch.StartNew();
        await PublishAsync(publish);
        PublishTime = watch.Elapsed;
        (OwnerPrivateKey, OwnerPublicKey) = FirmwareSignature.CreateKeyPair();
        (StrangerPrivateKey, _) = FirmwareSignature.CreateKeyPair();
        File.WriteAllText(_directory.Combine("owner-public.pem"), OwnerPublicKey);
        Directory.CreateDirectory(_directory.Combine("packages"));
        await PackAsync(publish, "1.0.0", release => { });
        await PackAsync(publish, "2.0.0", release => { });
        await PackAsync(publish, "3.0.0", release => File.WriteAllText(Path.Combine(release, "EdgeCam.Edge.dll"), "not an assembly: a broken build"));
        File.WriteAllText(Template, """
            { "modulesContent": {
                "$edgeAgent": { "properties.desired": { "modules": { "EventRouter": {} } } },
                "$edgeHub": { "properties.desired": { "routes": { "alerts": "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream" } } },
                "EventRouter": { "properties.desired": {} } } }
            """);

        _azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), _directory.Combine("azurite"), CancellationToken.None);
        var container = new BlobContainerClient(_azurite.ConnectionString, Container, StorageOptions);
        await container.CreateIfNotExistsAsync();
        foreach (var version in new[] { "2.0.0", "3.0.0" })
        {
            await container.GetBlobClient($"edgecam-agent-{version}.tar.gz").UploadAsync(PackagePath(version), overwrite: true);
        }

        _containerSas = _azurite.ContainerSasUri(Container, BlobContainerSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(2));
    }

    /// <summary>How long the one publish took.</summary>
    public TimeSpan PublishTime { get; private set; }

    /// <summary>Uploads <paramref name="bytes"/> as blob <paramref name="name"/>; returns its SAS URL.</summary>
    public async Task<Uri> UploadAsync(string name, byte[] bytes)
    {
        var container = new BlobContainerClient(_azurite!.ConnectionString, Container, StorageOptions);
        await container.GetBlobClient(name).UploadAsync(new BinaryData(bytes), overwrite: true);
        return BlobUrl(name);
    }

    /// <summary>The read-only SAS URL of a blob in the firmware container.</summary>
    public Uri BlobUrl(string name)
    {
        var sas = new UriBuilder(_containerSas!);
        sas.Path += "/" + name;
        return sas.Uri;
    }

    /// <summary>The desired firmware section for release <paramref name="version"/>, signed by the owner.</summary>
    public JsonObject Desired(string version, string? sha256 = null, string? signature = null, Uri? url = null)
    {
        var bytes = File.ReadAllBytes(PackagePath(version));
        return new JsonObject
        {
            ["firmware"] = new JsonObject
            {
                ["version"] = version,
                ["packageUrl"] = (url ?? BlobUrl($"edgecam-agent-{version}.tar.gz")).ToString(),
                ["sha256"] = sha256 ?? Convert.ToHexStringLower(SHA256.HashData(bytes)),
                ["signature"] = signature ?? Sign(OwnerPrivateKey, bytes),
            },
        };
    }

    public static string Sign(string privateKey, byte[] package)
    {
        using var stream = new MemoryStream(package);
        return FirmwareSignature.Sign(privateKey, stream);
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Directory.Delete(_directory.Path, recursive: true);
    }

    private async Task PackAsync(string publish, string version, Action<string> change)
    {
        var release = _directory.Combine("releases", version);
        CopyDirectory(publish, release);
        change(release);
        var options = FirmwareOptions.Parse(["pack", "--release", release, "--version", version, "--public-key", _directory.Combine("owner-public.pem"), "--out", PackagePath(version)]);
        using var output = new StringWriter();
        int code = await new FirmwareCommand(options, output, output).RunAsync(CancellationToken.None);
        Assert.True(code == 0, output.ToString());
    }

    // dotnet publish of the agent, framework-dependent, from the build the tests run (no second compile).
    private static async Task PublishAsync(string output)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var project = Path.Combine(RequiredTool.RepositoryRoot(), "device", "EdgeCam.Agent", "EdgeCam.Agent.csproj");
        var result = await ProcessRun.RunAsync("dotnet", ["publish", project, "-c", configuration, "--no-build", "--no-restore", "-o", output, "-v", "quiet", "-nologo"], TimeSpan.FromMinutes(10));
        Assert.True(result.Code == 0, $"dotnet publish failed: {result.Output}");
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        }
    }

    private sealed record RigDirectory(string Path)
    {
        public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);
    }
}
