using EdgeCam.Testing;

namespace EdgeCam.Agent.Tests.Firmware;

/// <summary>
/// device/firmware/edgecam-firmware-guard.sh (the unit's ExecStartPre) and install.sh, run for real on temp
/// directories: lint, the guard's trial counting and rollback, one line per bad input of the installer.
/// </summary>
public sealed class FirmwareScriptsTests : IDisposable
{
    private static readonly string Directory_ = Path.Combine(RequiredTool.RepositoryRoot(), "device", "firmware");
    private static readonly string Guard = Path.Combine(Directory_, "edgecam-firmware-guard.sh");
    private static readonly string Install = Path.Combine(Directory_, "install.sh");
    private readonly TempDirectory _root = new("firmware-scripts");

    public void Dispose() => _root.Dispose();

    private string InstallRoot => _root.Combine("opt", "edgecam");

    private string State => _root.Combine("data", "firmware");

    [Theory]
    [InlineData("edgecam-firmware-guard.sh")]
    [InlineData("install.sh")]
    public async Task Script_BashSyntaxAndShellcheck_AreClean(string script)
    {
        var path = Path.Combine(Directory_, script);

        var syntax = await ProcessRun.RunAsync("bash", ["-n", path], TimeSpan.FromSeconds(30));
        var lint = await ProcessRun.RunAsync(RequiredTool.OnPath("shellcheck", "shellcheck"), [path], TimeSpan.FromSeconds(60));

        Assert.True(syntax.Code == 0, syntax.Output);
        Assert.True(lint.Code == 0, lint.Output);
    }

    [Fact]
    public async Task Guard_ReleaseOnTrial_CountsThreeStartsThenRollsBackAndWritesTheOutcome()
    {
        Releases("1.0.0", "2.0.0");
        Current("2.0.0");
        Pending("2.0.0", "1.0.0");

        var starts = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            starts.Add((await GuardAsync()).Output.Trim());
        }

        Assert.Equal(
            ["edgecam-firmware-guard: release 2.0.0 on trial: start 1 of 3", "edgecam-firmware-guard: release 2.0.0 on trial: start 2 of 3", "edgecam-firmware-guard: release 2.0.0 on trial: start 3 of 3", "edgecam-firmware-guard: release 2.0.0 did not report healthy after 3 starts; rolled back to 1.0.0"],
            starts);
        Assert.Equal("releases/1.0.0", new FileInfo(Path.Combine(InstallRoot, "current")).LinkTarget);
        var outcome = File.ReadAllLines(Path.Combine(State, "outcome"));
        Assert.Contains("state=rolledBack", outcome);
        Assert.Contains("version=2.0.0", outcome);
        Assert.Contains("sha256=abc", outcome);
        Assert.False(File.Exists(Path.Combine(State, "pending")));
        Assert.False(File.Exists(Path.Combine(State, "attempts")));
    }

    [Fact]
    public async Task Guard_ReleaseGaveUp_RollsBackAtTheNextStartWithItsReason()
    {
        Releases("1.0.0", "2.0.0");
        Current("2.0.0");
        Pending("2.0.0", "1.0.0");
        File.WriteAllText(Path.Combine(State, "unhealthy"), "release 2.0.0 did not report healthy within 300 s\n");

        var result = await GuardAsync();

        Assert.Equal(0, result.Code);
        Assert.Equal("releases/1.0.0", new FileInfo(Path.Combine(InstallRoot, "current")).LinkTarget);
        Assert.Contains("message=release 2.0.0 did not report healthy within 300 s; rolled back to 1.0.0", File.ReadAllLines(Path.Combine(State, "outcome")));
    }

    [Fact]
    public async Task Guard_NothingOnTrialOrSwitchNeverHappened_ChangesNothing()
    {
        Releases("1.0.0", "2.0.0");
        Current("1.0.0");

        var idle = await GuardAsync();
        Pending("2.0.0", "1.0.0"); // written, but the old release stopped before it switched
        var unswitched = await GuardAsync();

        Assert.Equal((0, string.Empty), idle);
        Assert.Equal(0, unswitched.Code);
        Assert.Equal("releases/1.0.0", new FileInfo(Path.Combine(InstallRoot, "current")).LinkTarget);
        Assert.False(File.Exists(Path.Combine(State, "pending")));
        Assert.False(File.Exists(Path.Combine(State, "outcome")));
    }

    [Theory]
    [InlineData("--package is required")]
    [InlineData("--package '/nonexistent.tar.gz' does not exist", "--package", "/nonexistent.tar.gz")]
    [InlineData("is not a release package (no firmware-version in it)", "--package", "NOT_A_PACKAGE")]
    [InlineData("unknown option '--prefix'", "--prefix", "/opt")]
    public async Task Install_BadInput_ExitsTwoWithOneLineAndWritesNothing(string expected, params string[] args)
    {
        var notAPackage = _root.Combine("input", "plain.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(notAPackage)!);
        File.WriteAllBytes(notAPackage, [0x1f, 0x8b, 0, 0]);
        var target = _root.Combine("target");
        Directory.CreateDirectory(target);

        var result = await ProcessRun.RunAsync("bash", [Install, "--root", target, .. args.Select(a => a == "NOT_A_PACKAGE" ? notAPackage : a)], TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.Code);
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public async Task Install_Twice_LaysOutTheDeviceAndTheSecondRunChangesNothing()
    {
        var package = _root.Combine("input", "edgecam-agent-1.0.0.tar.gz");
        Directory.CreateDirectory(_root.Combine("input", "release"));
        File.WriteAllText(_root.Combine("input", "release", "firmware-version"), "1.0.0\n");
        File.WriteAllText(_root.Combine("input", "release", "edgecam-agent.dll"), "x");
        Assert.Equal(0, (await ProcessRun.RunAsync("tar", ["-czf", package, "-C", _root.Combine("input", "release"), "."], TimeSpan.FromSeconds(30))).Code);
        var target = _root.Combine("target");
        string[] args = [Install, "--root", target, "--package", package];

        var first = await ProcessRun.RunAsync("bash", args, TimeSpan.FromSeconds(60));
        var before = Snapshot(target);
        var second = await ProcessRun.RunAsync("bash", args, TimeSpan.FromSeconds(60));

        Assert.True(first.Code == 0, first.Output);
        Assert.True(second.Code == 0, second.Output);
        Assert.Equal("releases/1.0.0", new FileInfo(Path.Combine(target, "opt", "edgecam", "current")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(target, "opt", "edgecam", "releases", "1.0.0", "edgecam-agent.dll")));
        Assert.Equal(File.ReadAllText(Guard), File.ReadAllText(Path.Combine(target, "usr", "local", "libexec", "edgecam-firmware-guard")));
        Assert.Equal(File.ReadAllText(Path.Combine(Directory_, "edgecam-agent.service")), File.ReadAllText(Path.Combine(target, "etc", "systemd", "system", "edgecam-agent.service")));
        Assert.True(File.Exists(Path.Combine(target, "etc", "edgecam", "agent.env")));
        Assert.True(Directory.Exists(Path.Combine(target, "var", "lib", "edgecam")));
        Assert.Contains("would run: systemctl enable --now edgecam-agent.service", first.Output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(target));
        Assert.DoesNotContain("wrote ", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("unpacked ", second.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Snapshot(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), f => File.ReadAllText(f) + File.GetLastWriteTimeUtc(f).Ticks);

    private Task<(int Code, string Output)> GuardAsync() =>
        ProcessRun.RunAsync("bash", [Guard, "--root", InstallRoot, "--data", _root.Combine("data")], TimeSpan.FromSeconds(30));

    private void Releases(params string[] versions)
    {
        foreach (var version in versions)
        {
            Directory.CreateDirectory(Path.Combine(InstallRoot, "releases", version));
        }
    }

    private void Current(string version) => File.CreateSymbolicLink(Path.Combine(InstallRoot, "current"), $"releases/{version}");

    private void Pending(string version, string previous)
    {
        Directory.CreateDirectory(State);
        File.WriteAllText(Path.Combine(State, "pending"), $"version={version}\nprevious={previous}\nsha256=abc\nhealthTimeoutSeconds=300\n");
    }
}
