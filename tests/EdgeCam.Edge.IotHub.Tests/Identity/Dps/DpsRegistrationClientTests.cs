using System.Security.Cryptography;
using System.Text;
using EdgeCam.Edge.Identity.Dps;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Testing.Dps;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Mosquitto;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.IotHub.Tests.Identity.Dps;

[Trait("Category", "Integration")]
public sealed class DpsRegistrationClientTests : IDisposable
{
    private const string GroupKey = "ZmFrZS1ncm91cC1rZXktZm9yLWVkZ2VjYW0tdGVzdHMhIQ==";
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public void DeriveDeviceKey_GroupEnrollment_IsHmacOfTheRegistrationIdUnderTheDecodedGroupKey()
    {
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(GroupKey), Encoding.UTF8.GetBytes("pi-kitchen")));

        var derived = DpsSettings.DeriveDeviceKey(GroupKey, "pi-kitchen");

        Assert.Equal(expected, derived);
        Assert.Equal(derived, DpsSettings.ForGroupEnrollment("0ne00000001", "pi-kitchen", GroupKey).DeviceKey);
        Assert.DoesNotContain(GroupKey, Assert.Throws<FormatException>(() => DpsSettings.DeriveDeviceKey("not base64!", "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterAsync_AssigningThenAssigned_PollsAfterRetryAfterAndReturnsTheHub()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var dps = await FakeDps.StartAsync(broker, new FakeDpsBehaviour("myhub.azure-devices.net", "pi-kitchen", Polls: 2, RetryAfterSeconds: 1), CancellationToken.None);
        var settings = Settings(broker, DpsSettings.DeriveDeviceKey(GroupKey, "pi-kitchen"));

        var assignment = await Client().RegisterAsync(settings, CancellationToken.None);

        Assert.Equal(new DpsAssignment("myhub.azure-devices.net", "pi-kitchen"), assignment);
        var requests = dps.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.Equal("$dps/registrations/PUT/iotdps-register/?$rid=1", requests[0].Topic);
        Assert.Equal("""{"registrationId":"pi-kitchen"}""", requests[0].Payload);
        Assert.Equal("$dps/registrations/GET/iotdps-get-operationstatus/?$rid=2&operationId=4.0123456789abcdef.fake-operation", requests[1].Topic);
        Assert.InRange((requests[1].At - requests[0].At).TotalSeconds, 0.9, 5);
        Assert.InRange((requests[2].At - requests[1].At).TotalSeconds, 0.9, 5);
        Assert.Contains("0ne00000001/registrations/pi-kitchen/api-version=2019-03-31", broker.Log, StringComparison.Ordinal);
        AssertNoSecretLogged(settings.DeviceKey);
    }

    [Fact]
    public async Task RegisterAsync_Dps401_ThrowsAClearErrorWithoutRetrying()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var dps = await FakeDps.StartAsync(broker, new FakeDpsBehaviour("h", "d", RefuseWith: 401), CancellationToken.None);
        var settings = Settings(broker, DpsSettings.DeriveDeviceKey(GroupKey, "pi-kitchen"));

        var ex = await Assert.ThrowsAsync<DpsRegistrationException>(() => Client().RegisterAsync(settings, CancellationToken.None));

        Assert.Equal(401, ex.Status);
        Assert.Contains("registration 'pi-kitchen') answered 401", ex.Message, StringComparison.Ordinal);
        Assert.Contains("check the ID scope, the registration id and the key", ex.Message, StringComparison.Ordinal);
        Assert.Single(dps.Requests);
        Assert.DoesNotContain(settings.DeviceKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterAsync_ConnackRefused_ThrowsAuthenticationError()
    {
        var users = new Dictionary<string, string> { ["someone-else"] = "secret" };
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions(AllowAnonymous: false, Users: users), CancellationToken.None);
        var settings = Settings(broker, DpsSettings.DeriveDeviceKey(GroupKey, "pi-kitchen"));

        var ex = await Assert.ThrowsAsync<DpsRegistrationException>(() => Client().RegisterAsync(settings, CancellationToken.None));

        Assert.Equal(401, ex.Status);
        Assert.Contains("refused the credentials (CONNACK 5)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_IsARegistrationSasOverTheScopeAndRegistration()
    {
        var settings = new DpsSettings("0ne00000001", "pi-kitchen", GroupKey);
        var expiry = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        var token = SasToken.Create(settings.ResourceUri, settings.DeviceKey, expiry, "registration");

        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(GroupKey), Encoding.UTF8.GetBytes("0ne00000001%2Fregistrations%2Fpi-kitchen\n1800000000")));
        Assert.Equal($"SharedAccessSignature sr=0ne00000001%2Fregistrations%2Fpi-kitchen&sig={Uri.EscapeDataString(signature)}&se=1800000000&skn=registration", token);
        Assert.DoesNotContain(GroupKey, settings.ToString(), StringComparison.Ordinal);
    }

    private static DpsSettings Settings(MosquittoBroker broker, string key) =>
        new("0ne00000001", "pi-kitchen", key, "localhost", broker.TlsPort, broker.CaFile) { DefaultRetryAfter = TimeSpan.FromMilliseconds(100), ResponseTimeout = TimeSpan.FromSeconds(10) };

    private DpsRegistrationClient Client() =>
        new(() => new MosquittoConnection(_logs.CreateLogger<MosquittoConnection>()), TimeProvider.System, _logs.CreateLogger<DpsRegistrationClient>());

    private void AssertNoSecretLogged(string key)
    {
        Assert.NotEmpty(_logs.Entries);
        Assert.All(_logs.Entries, e => Assert.DoesNotContain(key, e.Message, StringComparison.Ordinal));
        Assert.All(_logs.Entries, e => Assert.DoesNotContain("SharedAccessSignature", e.Message, StringComparison.Ordinal));
    }
}
