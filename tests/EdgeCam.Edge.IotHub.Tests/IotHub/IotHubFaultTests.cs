using System.Text;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.IotHub;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Mosquitto;
using static EdgeCam.Edge.IotHub.Tests.IotHub.IotHubTestClient;

namespace EdgeCam.Edge.IotHub.Tests.IotHub;

[Trait("Category", "Integration")]
public sealed class IotHubFaultTests : IDisposable
{
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task BrokerRestart_MidStream_NothingAcceptedIsLost_DuplicatesKeepTheirMid_OfflineDesiredChangeApplied()
    {
        using var persistence = new TempDirectory("iothub-broker");
        await using var broker = await MosquittoBroker.StartAsync(TestIotHub.PersistentBrokerOptions(persistence), CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, Json("""{"threshold":25}"""), CancellationToken.None);
        await using var client = Create(broker, _logs);
        var updates = client.RecordDesired();
        await client.OpenAsync(CancellationToken.None);

        // Before the stop: acknowledged and seen by the hub (a killed broker loses what it acknowledged but had not yet
        // delivered; that is the broker's durability, not the client's). While stopped: accepted and waiting. After the
        // restart: sent on the new connection, with the waiting ones.
        var sends = Enumerable.Range(0, 20).Select(Send).ToList();
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => hub.Telemetry.Count >= 20, "the hub saw the first 20");
        await broker.StopAsync(CancellationToken.None);
        hub.SetDesired(Json("""{"threshold":60}"""));
        sends.AddRange(Enumerable.Range(20, 20).Select(Send));
        await Task.Delay(300);
        Assert.All(sends.Skip(20), s => Assert.False(s.IsCompleted));
        await broker.RestartAsync(CancellationToken.None);
        sends.AddRange(Enumerable.Range(40, 20).Select(Send));

        try
        {
            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{sends.Count(s => !s.IsCompleted)} sends never completed; log:\n{string.Join('\n', _logs.Entries.Select(e => e.Message))}");
        }

        await Eventually.TrueAsync(() => updates.Count == 2, "the desired change made while disconnected was applied");

        // A PUBACK precedes the broker's delivery to the hub: wait for the last ones to arrive.
        await Eventually.TrueAsync(() => hub.Telemetry.Select(m => m.BodyText).Distinct().Count() >= 60, "the hub saw 60 distinct messages");
        var bodies = hub.Telemetry.GroupBy(m => m.MessageId).ToList();
        var missing = Enumerable.Range(0, 60).Where(n => !bodies.Any(g => g.First().BodyText == $"{{\"n\":{n}}}")).ToList();
        Assert.True(missing.Count == 0, $"the hub never saw messages {string.Join(", ", missing)}; log:\n{string.Join('\n', _logs.Entries.Select(e => e.Message))}");
        Assert.All(bodies, g => Assert.Single(g.Select(m => m.BodyText).Distinct()));
        var last = updates.Last();
        Assert.True(last.IsFullDocument);
        Assert.Equal((3L, 60), (last.Version, last.Properties["threshold"]!.GetValue<int>()));
        Assert.Contains(_logs.Entries, e => e.EventId == 303);

        Task Send(int n) => client.SendAsync("motion", new ModuleMessage(Encoding.UTF8.GetBytes($"{{\"n\":{n}}}")), CancellationToken.None);
    }

    [Fact]
    public async Task TokenNearExpiry_ForcesAReconnectWithAFreshToken()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await using var client = Create(broker, _logs, Options(broker) with { TokenLifetime = TimeSpan.FromSeconds(2) });
        await client.OpenAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => _logs.Entries.Count(e => e.EventId == 301) >= 2, "the client reconnected", timeoutMs: 8000);
        await client.UpdateReportedPropertiesAsync(Json("""{"alive":true}"""), CancellationToken.None);

        Assert.Contains(_logs.Entries, e => e.EventId == 304);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId == 303);
        Assert.True(hub.Reported["alive"]!.GetValue<bool>());
    }

    [Fact]
    public async Task WrongKey_BrokerRefuses_ClearErrorAndNoKeyOrTokenInLogs()
    {
        // The broker knows the one valid password: the token the right key makes at a fixed clock.
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));
        var right = new ConnectionStringCredentials(IotHubConnectionString.Parse($"HostName=localhost;DeviceId=dev1;ModuleId=camera;SharedAccessKey={Key}"), clock);
        const string WrongKey = "ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleWZha2U=";
        var wrong = new ConnectionStringCredentials(IotHubConnectionString.Parse($"HostName=localhost;DeviceId=dev1;ModuleId=camera;SharedAccessKey={WrongKey}"), clock);
        var rightToken = await right.CreateSasTokenAsync(TimeSpan.FromHours(1), CancellationToken.None);
        var wrongToken = await wrong.CreateSasTokenAsync(TimeSpan.FromHours(1), CancellationToken.None);
        var username = "localhost/dev1/camera/?api-version=2021-04-12&DeviceClientType=edgecam%2Ftest";
        await using var broker = await MosquittoBroker.StartAsync(
            new MosquittoBrokerOptions(AllowAnonymous: false, Users: new Dictionary<string, string> { [username] = rightToken }), CancellationToken.None);

        await using (var good = Create(broker, _logs, credentials: right))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await good.OpenAsync(timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default); // connects; no test hub answers the GET
        }

        await using var client = Create(broker, _logs, credentials: wrong);
        var ex = await Assert.ThrowsAsync<IotHubAuthenticationException>(() => client.OpenAsync(CancellationToken.None));

        Assert.Contains("refused the credentials of 'dev1/camera'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(_logs.Entries, e => e.EventId == 301);
        Assert.Contains(_logs.Entries, e => e.EventId == 305);
        var everything = string.Join('\n', _logs.Entries.Select(e => e.Message + " " + e.Exception)) + ex;
        foreach (var secret in new[] { Key, WrongKey, rightToken, wrongToken, Signature(rightToken), Signature(wrongToken) })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    private static string Signature(string token) => Uri.UnescapeDataString(token.Split("sig=")[1].Split('&')[0]);
}
