using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer.Settings;
using EdgeCam.BlobBuffer.Tests.Encryption;

namespace EdgeCam.BlobBuffer.Tests.Settings;

public sealed class EncryptionHoldTests
{
    [Fact]
    public void Reason_TwinAsksForEncryptionThatIsNotInForce_HoldsNamingTheRejection()
    {
        var desired = new JsonObject { ["encryption"] = new JsonObject { ["enabled"] = true, ["publicKey"] = "not a key" } };

        var reason = EncryptionHold.Reason(desired, new BlobBufferSettings(), "encryption.publicKey: must be the owner's RSA public key");

        Assert.NotNull(reason);
        Assert.Contains("encryption.publicKey", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_EncryptionInForce_DoesNotHold()
    {
        var key = OwnerKeys.Create().PublicPem;
        var desired = new JsonObject { ["encryption"] = new JsonObject { ["enabled"] = true, ["publicKey"] = key } };
        var inForce = BlobBufferSettings.Parse((JsonObject)desired.DeepClone());

        Assert.Null(EncryptionHold.Reason(desired, inForce, null));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"encryption\":{\"enabled\":false}}")]
    [InlineData("{\"encryption\":{\"enabled\":\"yes\"}}")]
    [InlineData("{\"blockSizeBytes\":-1}")]
    public void Reason_TwinDoesNotAskForEncryption_DoesNotHold(string desired)
    {
        Assert.Null(EncryptionHold.Reason(JsonNode.Parse(desired)!.AsObject(), new BlobBufferSettings(), "some rejection"));
    }
}
