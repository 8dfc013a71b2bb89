using EdgeCam.Agent.Firmware;
using EdgeCam.Testing;

namespace EdgeCam.Agent.Tests.Firmware;

public sealed class FirmwareSignatureTests
{
    [Fact]
    public void Verify_OwnersSignature_IsValid_AndAnotherKeyOrChangedBytesAreNot()
    {
        var (ownerPrivate, ownerPublic) = FirmwareSignature.CreateKeyPair();
        var (strangerPrivate, _) = FirmwareSignature.CreateKeyPair();
        byte[] package = [1, 2, 3, 4, 5];

        var signature = FirmwareSignature.Sign(ownerPrivate, new MemoryStream(package));

        Assert.True(FirmwareSignature.Verify(ownerPublic, new MemoryStream(package), signature));
        Assert.False(FirmwareSignature.Verify(ownerPublic, new MemoryStream(package), FirmwareSignature.Sign(strangerPrivate, new MemoryStream(package))));
        Assert.False(FirmwareSignature.Verify(ownerPublic, new MemoryStream([1, 2, 3, 4, 6]), signature));
        Assert.False(FirmwareSignature.Verify(ownerPublic, new MemoryStream(package), "bm90IGEgc2lnbmF0dXJl"));
    }

    [Fact]
    public async Task Sign_Signature_VerifiesWithOpenssl()
    {
        using var directory = new TempDirectory("firmware-openssl");
        var (ownerPrivate, ownerPublic) = FirmwareSignature.CreateKeyPair();
        File.WriteAllBytes(directory.Combine("package"), [9, 8, 7]);
        File.WriteAllText(directory.Combine("public.pem"), ownerPublic);
        File.WriteAllBytes(directory.Combine("signature.der"), Convert.FromBase64String(FirmwareSignature.Sign(ownerPrivate, new MemoryStream([9, 8, 7]))));

        var result = await ProcessRun.RunAsync(RequiredTool.Openssl(), ["dgst", "-sha256", "-verify", directory.Combine("public.pem"), "-signature", directory.Combine("signature.der"), directory.Combine("package")], TimeSpan.FromSeconds(30));

        Assert.True(result.Code == 0, result.Output);
        Assert.Contains("Verified OK", result.Output, StringComparison.Ordinal);
    }
}
