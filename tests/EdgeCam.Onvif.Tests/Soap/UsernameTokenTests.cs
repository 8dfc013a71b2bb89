using System.Xml.Linq;
using EdgeCam.Onvif.Soap;

namespace EdgeCam.Onvif.Tests.Soap;

[Trait("Category", "Unit")]
public sealed class UsernameTokenTests
{
    [Fact]
    public void Create_KnownNonceTimeAndPassword_DigestIsBase64OfSha1OfNonceCreatedPassword()
    {
        // Expected value computed independently: base64(sha1(bytes(range(16)) + b'2026-12-01T04:00:00.000Z' + 'paßword'.encode()))
        var nonce = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

        var token = UsernameToken.Create("admin", "paßword", nonce, new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero));

        Assert.Equal("2026-12-01T04:00:00.000Z", token.Created);
        Assert.Equal(Convert.ToBase64String(nonce), token.Nonce);
        Assert.Equal("dc0miAiVqXuAaDxas+mExlL+WvA=", token.PasswordDigest);
    }

    [Fact]
    public void ToSecurityHeader_Token_CarriesDigestTypeAndNoPlainPassword()
    {
        var token = UsernameToken.Create("admin", "secret-password", new byte[16], DateTimeOffset.UnixEpoch);

        var header = token.ToSecurityHeader().ToString(SaveOptions.DisableFormatting);

        Assert.Contains("#PasswordDigest", header, StringComparison.Ordinal);
        Assert.Contains(token.PasswordDigest, header, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", header, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Credentials_HidesPassword()
    {
        var credentials = new OnvifCredentials("admin", "secret-password");

        Assert.DoesNotContain("secret-password", credentials.ToString(), StringComparison.Ordinal);
    }
}
