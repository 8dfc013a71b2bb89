using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.BlobBuffer.Settings;
using EdgeCam.Edge.Twin;

namespace EdgeCam.BlobBuffer.Tests.Encryption;

[Trait("Category", "Unit")]
public sealed class EncryptionSettingsTests
{
    [Fact]
    public void Read_NoSection_EncryptionOff()
    {
        var settings = Parse(new JsonObject());

        Assert.False(settings.Encryption.Enabled);
        Assert.Null(settings.Encryption.CreateEncryptor());
    }

    [Fact]
    public void Read_EnabledWithAPublicKey_EncryptorForThatKeyWhoseIdIsTheSpkiThumbprint()
    {
        var (publicPem, _) = OwnerKeys.Create();
        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicPem);

        var settings = Parse(Section(true, publicPem));

        var encryptor = settings.Encryption.CreateEncryptor();
        Assert.NotNull(encryptor);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo())), encryptor.Owner.KeyId);
        Assert.Equal(encryptor.Owner.KeyId, settings.Encryption.KeyId);
    }

    [Fact]
    public void Read_InvalidPem_OneErrorNamingThePublicKey()
    {
        var ex = Assert.Throws<SettingsValidationException>(() => Parse(Section(true, "-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----")));

        Assert.Single(ex.Errors);
        Assert.StartsWith("encryption.publicKey must be the owner's RSA public key in PEM", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Read_PrivateKeyGiven_RefusedWithoutEchoingIt()
    {
        var (_, privatePem) = OwnerKeys.Create();

        var ex = Assert.Throws<SettingsValidationException>(() => Parse(Section(false, privatePem)));

        Assert.Contains("it is a private key", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(privatePem.Split('\n')[1], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_KeyOf1024Bits_Refused()
    {
        using var weak = RSA.Create(1024);

        var ex = Assert.Throws<SettingsValidationException>(() => Parse(Section(true, weak.ExportSubjectPublicKeyInfoPem())));

        Assert.Contains("the key has 1024 bits; at least 2048 are needed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EnabledWithoutAKey_OneErrorSayingTheKeyIsNeeded()
    {
        var ex = Assert.Throws<SettingsValidationException>(() => Parse(new JsonObject { ["encryption"] = new JsonObject { ["enabled"] = true } }));

        Assert.Equal("encryption.publicKey must be set when encryption.enabled is true: the owner's RSA public key in PEM", Assert.Single(ex.Errors).ToString());
    }

    private static JsonObject Section(bool enabled, string pem) =>
        new() { ["encryption"] = new JsonObject { ["enabled"] = enabled, ["publicKey"] = pem } };

    private static BlobBufferSettings Parse(JsonObject desired) => SettingsReader.Parse(desired, BlobBufferSettings.Read);
}
