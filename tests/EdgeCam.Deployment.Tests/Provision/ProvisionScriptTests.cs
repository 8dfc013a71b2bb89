using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EdgeCam.Testing;

namespace EdgeCam.Deployment.Tests.Provision;

/// <summary>
/// deployment/provision/provision-pi.sh, run for real with <c>--root</c> (every file under a temp directory, no
/// package manager or service command): what it writes, that a second run changes nothing, and one line per bad input.
/// </summary>
public sealed class ProvisionScriptTests : IDisposable
{
    private static readonly string Script = Path.Combine(ShippedTemplate.Root, "deployment", "provision", "provision-pi.sh");
    private readonly TempDirectory _root = new("provision");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Script_BashSyntaxAndShellcheck_AreClean()
    {
        var syntax = await RunAsync("bash", ["-n", Script]);
        var lint = await RunAsync(RequiredTool.OnPath("shellcheck", "shellcheck"), [Script]);

        Assert.True(syntax.Code == 0, syntax.Output);
        Assert.True(lint.Code == 0, lint.Output);
    }

    [Fact]
    public async Task Run_GroupKey_WritesDpsConfigWithTheDeviceKeyDpsDerives()
    {
        var groupKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

        var result = await ProvisionAsync("--scope-id", "0ne00ABCDEF", "--registration-id", "garage-cam", "--group-key", groupKey);

        Assert.True(result.Code == 0, result.Output);
        // DPS derives an enrollment group member's key as HMAC-SHA256(registration id) keyed with the decoded group key.
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(groupKey), Encoding.UTF8.GetBytes("garage-cam")));
        var config = File.ReadAllText(_root.Combine("etc", "aziot", "config.toml"));
        Assert.Contains("source = \"dps\"", config, StringComparison.Ordinal);
        Assert.Contains("id_scope = \"0ne00ABCDEF\"", config, StringComparison.Ordinal);
        Assert.Contains("method = \"symmetric_key\"", config, StringComparison.Ordinal);
        Assert.Contains("registration_id = \"garage-cam\"", config, StringComparison.Ordinal);
        Assert.Contains($"symmetric_key = {{ value = \"{expected}\" }}", config, StringComparison.Ordinal);
        Assert.Contains("[image_garbage_collection]", config, StringComparison.Ordinal);
        Assert.DoesNotContain(groupKey, config, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Run_DeviceKey_ConfigIsReadableByRootOnlyAndDevicesAreEnabled()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        var result = await ProvisionAsync("--scope-id", "0ne0001", "--registration-id", "cam-1", "--device-key", key);

        Assert.True(result.Code == 0, result.Output);
        Assert.Contains($"symmetric_key = {{ value = \"{key}\" }}", File.ReadAllText(_root.Combine("etc", "aziot", "config.toml")), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_root.Combine("etc", "aziot", "config.toml")));
        var boot = File.ReadAllLines(_root.Combine("boot", "firmware", "config.txt"));
        Assert.Contains("dtparam=i2c_arm=on", boot);
        Assert.Contains("camera_auto_detect=1", boot);
        Assert.Contains("i2c-dev", File.ReadAllLines(_root.Combine("etc", "modules-load.d", "edgecam.conf")));
        Assert.Matches("^video=([0-9]+|missing) gpio=([0-9]+|missing) i2c=([0-9]+|missing)$", File.ReadAllText(_root.Combine("etc", "edgecam", "device-groups")).Trim());
        Assert.Contains("\"max-size\": \"10m\"", File.ReadAllText(_root.Combine("etc", "docker", "daemon.json")), StringComparison.Ordinal);
        Assert.True(Directory.Exists(_root.Combine("var", "lib", "edgecam")));
        Assert.Contains("would run: apt-get install -y moby-engine aziot-edge", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Twice_SecondRunChangesNothing()
    {
        string[] args = ["--scope-id", "0ne0001", "--registration-id", "cam-1", "--device-key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))];
        Assert.Equal(0, (await ProvisionAsync(args)).Code);
        var before = Snapshot();

        var second = await ProvisionAsync(args);

        Assert.True(second.Code == 0, second.Output);
        Assert.Equal(before, Snapshot());
        Assert.DoesNotContain("wrote ", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("added ", second.Output, StringComparison.Ordinal);
        Assert.Contains("/etc/aziot/config.toml already up to date", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ExistingDaemonJsonWithoutRotation_IsKeptAndTheOperatorIsTold()
    {
        Directory.CreateDirectory(_root.Combine("etc", "docker"));
        File.WriteAllText(_root.Combine("etc", "docker", "daemon.json"), "{\"data-root\":\"/srv/docker\"}");

        var result = await ProvisionAsync("--scope-id", "0ne0001", "--registration-id", "cam-1", "--device-key", "a2V5");

        Assert.True(result.Code == 0, result.Output);
        Assert.Equal("{\"data-root\":\"/srv/docker\"}", File.ReadAllText(_root.Combine("etc", "docker", "daemon.json")));
        Assert.Contains("exists without log rotation", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scope-id is required", "--registration-id", "cam-1", "--device-key", "a2V5")]
    [InlineData("--registration-id 'Cam 1' must be lower-case", "--scope-id", "0ne1", "--registration-id", "Cam 1", "--device-key", "a2V5")]
    [InlineData("--device-key is not base64", "--scope-id", "0ne1", "--registration-id", "cam-1", "--device-key", "not a key!")]
    [InlineData("--group-key is not base64", "--scope-id", "0ne1", "--registration-id", "cam-1", "--group-key", "???")]
    [InlineData("not both", "--scope-id", "0ne1", "--registration-id", "cam-1", "--device-key", "a2V5", "--group-key", "a2V5")]
    [InlineData("--device-key or --group-key is required", "--scope-id", "0ne1", "--registration-id", "cam-1")]
    [InlineData("--data-owner 'app' must be numeric", "--scope-id", "0ne1", "--registration-id", "cam-1", "--device-key", "a2V5", "--data-owner", "app")]
    [InlineData("unknown option '--scope'", "--scope", "0ne1")]
    public async Task Run_BadInput_ExitsTwoWithOneLineAndWritesNothing(string expected, params string[] args)
    {
        var result = await ProvisionAsync(args);

        Assert.Equal(2, result.Code);
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Path));
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(_root.Path, f), File.ReadAllText);

    private Task<(int Code, string Output)> ProvisionAsync(params string[] args) => RunAsync("bash", [Script, "--root", _root.Path, .. args]);

    private static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
