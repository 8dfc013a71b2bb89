using EdgeCam.Edge.IotHub;
using EdgeCam.Testing;

namespace EdgeCam.Edge.IotHub.Tests.IotHub;

[Trait("Category", "Unit")]
public sealed class SasTokenTests
{
    // Key: the 32 bytes 00..1f. Expected signatures computed independently with openssl:
    //   printf 'myhub.azure-devices.net%%2Fdevices%%2Fdev1%%2Fmodules%%2Fcamera\n1700000000' \
    //     | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1e1f -binary | base64
    // (and the same without "%2Fmodules%2Fcamera" for the device).
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Create_ModuleIdentity_MatchesOpensslSignature()
    {
        var uri = SasToken.ResourceUri("myhub.azure-devices.net", "dev1", "camera");

        var token = SasToken.Create(uri, Key, Expiry);

        Assert.Equal(
            "SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdev1%2Fmodules%2Fcamera"
            + "&sig=WuvjCxniG3YIeRFqqLDEig3y%2BgHURvjLQHBQ2Xq7hac%3D&se=1700000000",
            token);
    }

    [Fact]
    public void Create_DeviceIdentityWithPolicy_MatchesOpensslSignatureAndAddsSkn()
    {
        var token = SasToken.Create(SasToken.ResourceUri("myhub.azure-devices.net", "dev1", null), Key, Expiry, "device");

        Assert.Equal(
            "SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdev1"
            + "&sig=i%2BYmMcSSZc4KzBi6ejz3l0iL%2B2sN0CE3q6vSm837h2g%3D&se=1700000000&skn=device",
            token);
    }

    [Fact]
    public void ResourceUri_IdsWithReservedCharacters_AreEscapedOnceBeforeTheWholeUriIsEscaped()
    {
        var uri = SasToken.ResourceUri("h", "dev#1", "cam/a");

        Assert.Equal("h/devices/dev%231/modules/cam%2Fa", uri);
        Assert.Equal("h%2Fdevices%2Fdev%25231%2Fmodules%2Fcam%252Fa\n5", SasToken.StringToSign(uri, 5));
    }

    [Fact]
    public void Create_KeyNotBase64_ThrowsWithoutShowingTheKey()
    {
        var ex = Assert.Throws<FormatException>(() => SasToken.Create("h/devices/d", "not*base64", Expiry));

        Assert.DoesNotContain("not*base64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionStringCredentials_TokenExpiresAfterLifetime()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_699_996_400));
        var credentials = ConnectionStringCredentials.Parse($"HostName=myhub.azure-devices.net;DeviceId=dev1;ModuleId=camera;SharedAccessKey={Key}", clock);

        var token = await credentials.CreateSasTokenAsync(TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(SasToken.Create(SasToken.ResourceUri("myhub.azure-devices.net", "dev1", "camera"), Key, Expiry), token);
    }

    [Theory]
    [InlineData("DeviceId=d;SharedAccessKey=AAAA", "'HostName' is missing")]
    [InlineData("HostName=h;DeviceId=d", "'SharedAccessKey' is missing")]
    [InlineData("HostName=h;DeviceId=d;SharedAccessKey=%%%%", "not valid base64")]
    [InlineData("HostName=h;DeviceId=d;SharedAccessKey=AAAA;Colour=blue", "unknown part 'Colour'")]
    public void ConnectionString_Invalid_NamesTheProblem(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => IotHubConnectionString.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionString_ToString_HidesTheKey()
    {
        var parsed = IotHubConnectionString.Parse($"HostName=h;DeviceId=d;ModuleId=m;SharedAccessKey={Key};GatewayHostName=gw");

        Assert.Equal(("h", "d", "m", "gw"), (parsed.HostName, parsed.DeviceId, parsed.ModuleId, parsed.GatewayHostName));
        Assert.DoesNotContain(Key, parsed.ToString(), StringComparison.Ordinal);
    }
}
