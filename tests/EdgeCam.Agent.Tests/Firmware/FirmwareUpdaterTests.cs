using System.Text.Json.Nodes;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.Firmware;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Agent.Tests.Firmware;

/// <summary>The updater in-process on a real install layout, with the twin's reported properties recorded (or failing) and time under test control.</summary>
public sealed class FirmwareUpdaterTests : IDisposable
{
    private readonly TempDirectory _root = new("firmware-updater");
    private readonly ManualTimeProvider _time = new();
    private readonly List<JsonObject> _reported = [];

    public void Dispose() => _root.Dispose();

    private FirmwareLayout Layout => FirmwareLayout.For(_root.Combine("opt"), _root.Combine("data"));

    [Fact]
    public async Task Start_TrialThatCannotReportHealthyInTime_LeavesItsReasonForTheGuardAndAsksForExit11()
    {
        OnTrial("2.0.0", "1.0.0", healthTimeoutSeconds: 60);
        await using var updater = Updater("2.0.0", (_, _) => throw new TimeoutException("IoT Hub did not answer"));

        await updater.StartAsync(CancellationToken.None);
        for (int i = 0; i < 200 && !updater.ExitRequested.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        Assert.True(updater.ExitRequested.IsCompleted, "the trial did not give up");
        Assert.Equal(ExitCodes.FirmwareUnhealthy, await updater.ExitRequested);
        Assert.Equal("release 2.0.0 did not report healthy within 60 s", File.ReadAllText(Layout.Unhealthy).Trim());
        Assert.True(File.Exists(Layout.Pending), "the guard needs pending to roll back");
    }

    [Fact]
    public async Task Start_TrialReportAcknowledged_ConfirmsReportsHealthyAndKeepsOnlyItAndThePrevious()
    {
        Directory.CreateDirectory(Layout.ReleaseDirectory("0.9.0"));
        OnTrial("2.0.0", "1.0.0", healthTimeoutSeconds: 60);
        await using var updater = Updater("2.0.0", Record);

        await updater.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => !File.Exists(Layout.Pending), "the trial was not confirmed");

        var firmware = Assert.Single(Reported())!;
        Assert.Equal(("healthy", "2.0.0", "1.0.0"), ((string)firmware["state"]!, (string)firmware["version"]!, (string)firmware["previousVersion"]!));
        Assert.Equal(["1.0.0", "2.0.0"], Directory.GetDirectories(Layout.Releases).Select(Path.GetFileName).Order());
        Assert.Contains("state=healthy", File.ReadAllLines(Layout.LastUpdate));
        Assert.False(updater.ExitRequested.IsCompleted);
    }

    [Fact]
    public async Task OnDesired_InvalidSection_ReportsRefusedNamingEachPropertyAndDownloadsNothing()
    {
        Directory.CreateDirectory(Layout.ReleaseDirectory("1.0.0"));
        ReleaseSwitch.PointCurrentAt(Layout, "1.0.0");
        await using var updater = Updater("1.0.0", Record);
        await updater.StartAsync(CancellationToken.None);

        await updater.OnDesiredAsync(JsonNode.Parse("""{"version":"2.0.0","packageUrl":"ftp://h/p","sha256":"abc","signature":"AA=="}""")!.AsObject(), CancellationToken.None);
        await Eventually.TrueAsync(() => Reported().Count == 2, "the refusal was not reported");

        var refused = Reported()[1];
        Assert.Equal("refused", (string)refused["state"]!);
        Assert.Equal("2.0.0", (string)refused["targetVersion"]!);
        Assert.Equal("firmware.packageUrl must be an absolute http or https URL; firmware.sha256 must be 64 hex digits", (string)refused["message"]!);
        Assert.False(Directory.Exists(Layout.Downloads));
        Assert.Equal("1.0.0", Layout.CurrentVersion());
    }

    private FirmwareUpdater Updater(string running, Func<JsonObject, CancellationToken, Task> report) => new(
        Layout,
        running,
        null,
        new FirmwareStatusReporter(report, _time, NullLogger<FirmwareStatusReporter>.Instance),
        _time,
        NullLogger<FirmwareUpdater>.Instance);

    private Task Record(JsonObject patch, CancellationToken cancellationToken)
    {
        lock (_reported)
        {
            _reported.Add(patch);
        }

        return Task.CompletedTask;
    }

    private List<JsonObject> Reported()
    {
        lock (_reported)
        {
            return [.. _reported.Select(p => p["firmware"]!.AsObject())];
        }
    }

    private void OnTrial(string version, string previous, int healthTimeoutSeconds)
    {
        Directory.CreateDirectory(Layout.ReleaseDirectory(previous));
        Directory.CreateDirectory(Layout.ReleaseDirectory(version));
        ReleaseSwitch.PointCurrentAt(Layout, version);
        KeyValueFile.Write(Layout.Pending, new Dictionary<string, string> { ["version"] = version, ["previous"] = previous, ["sha256"] = "abc", ["healthTimeoutSeconds"] = $"{healthTimeoutSeconds}" });
    }
}
