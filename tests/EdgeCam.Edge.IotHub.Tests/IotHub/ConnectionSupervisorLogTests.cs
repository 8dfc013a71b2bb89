using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Testing;
using EdgeCam.Testing.IotHub;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Mosquitto;
using Microsoft.Extensions.Logging;
using static EdgeCam.Edge.IotHub.Tests.IotHub.IotHubTestClient;

namespace EdgeCam.Edge.IotHub.Tests.IotHub;

/// <summary>
/// An outage is told once: a warning when it starts, Debug for each further attempt, one Information line with its
/// length when it ends. The client and every MQTT connection it makes log to one recorder, against a real Mosquitto
/// that is stopped and started again.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class ConnectionSupervisorLogTests : IDisposable
{
    private const int ConnectFailed = 302;
    private const int ConnectionLost = 303;
    private const int StillFailing = 318;
    private const int Recovered = 319;
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task BrokerStoppedThenRestarted_OneWarningForTheLoss_RetriesAtDebug_RecoveryInformationWithOutage()
    {
        using var persistence = new TempDirectory("outage-log");
        await using var broker = await MosquittoBroker.StartAsync(TestIotHub.PersistentBrokerOptions(persistence), CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await using var client = CreateLogged(broker);
        await client.OpenAsync(CancellationToken.None);
        var before = _logs.Entries.Count;

        await broker.StopAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Since(before).Any(e => e.EventId == ConnectionLost), "the loss was logged", timeoutMs: 10_000);
        var down = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => Since(before).Count(e => e.EventId == StillFailing) >= 3, "three retries failed", timeoutMs: 15_000);
        var downFor = down.Elapsed;
        await broker.RestartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Since(before).Any(e => e.EventId == Recovered), "the recovery was logged", timeoutMs: 15_000);

        var outage = Since(before).ToList();
        Assert.Equal([ConnectionLost], outage.Where(e => e.Level >= LogLevel.Warning).Select(e => e.EventId));
        Assert.DoesNotContain(outage, e => e.EventId == ConnectFailed);
        Assert.All(outage.Where(e => e.EventId == StillFailing), e => Assert.Equal(LogLevel.Debug, e.Level));
        var recovered = Assert.Single(outage, e => e.EventId == Recovered);
        Assert.Equal(LogLevel.Information, recovered.Level);
        Assert.True(OutageOf(recovered) >= downFor, $"'{recovered.Message}' should report at least the {downFor} the broker was seen down");
        Assert.DoesNotContain(outage, e => e.EventId == 301);
    }

    [Fact]
    public async Task BrokerDownAtOpen_FirstFailureWarnsOnce_LaterAttemptsDebug_ThenRecoveryInformation()
    {
        using var persistence = new TempDirectory("outage-log");
        await using var broker = await MosquittoBroker.StartAsync(TestIotHub.PersistentBrokerOptions(persistence), CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await broker.StopAsync(CancellationToken.None);
        await using var client = CreateLogged(broker);

        var opening = client.OpenAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _logs.Entries.Count(e => e.EventId == StillFailing) >= 2, "the retries failed", timeoutMs: 15_000);
        await broker.RestartAsync(CancellationToken.None);
        await opening.WaitAsync(TimeSpan.FromSeconds(30));

        var entries = _logs.Entries;
        var warning = Assert.Single(entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(ConnectFailed, warning.EventId);
        Assert.Contains("dev1/camera: cannot connect to localhost:", warning.Message, StringComparison.Ordinal);
        Assert.True(entries.Count(e => e.EventId == StillFailing) >= 2);
        Assert.Equal(LogLevel.Information, Assert.Single(entries, e => e.EventId == Recovered).Level);
        Assert.True(entries.Count(e => e.EventId == StillFailing) + 1 == AttemptsOf(Assert.Single(entries, e => e.EventId == Recovered)), "the recovery counts every failed attempt");
    }

    /// <summary>The client with its MQTT connections logging to the same recorder (as a module's host wires them).</summary>
    private IotHubModuleClient CreateLogged(MosquittoBroker broker) =>
        new(
            ConnectionStringCredentials.Parse($"HostName=localhost;DeviceId=dev1;ModuleId=camera;SharedAccessKey={Key}"),
            Options(broker),
            () => new MqttNetConnection(_logs.CreateLogger<MqttNetConnection>()),
            TimeProvider.System,
            _logs.CreateLogger<IotHubModuleClient>());

    private IEnumerable<LogEntry> Since(int index) => _logs.Entries.Skip(index);

    private static TimeSpan OutageOf(LogEntry entry) =>
        TimeSpan.Parse(OutagePattern().Match(entry.Message).Groups[1].Value, CultureInfo.InvariantCulture);

    private static int AttemptsOf(LogEntry entry) =>
        int.Parse(AttemptsPattern().Match(entry.Message).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"again after (\S+) offline")]
    private static partial Regex OutagePattern();

    [GeneratedRegex(@"\((\d+) failed attempts")]
    private static partial Regex AttemptsPattern();
}
