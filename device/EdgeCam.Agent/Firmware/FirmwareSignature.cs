using System.Security.Cryptography;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// The owner's signature over a firmware package: ECDSA on P-256 with SHA-256 over the package's bytes, in the DER
/// form (what <c>openssl dgst -sha256 -sign</c> writes), base64 in the twin. Keys are PEM: PKCS#8 for the private key
/// (kept by the owner, never on a device), SubjectPublicKeyInfo for the public key (shipped in every release).
/// </summary>
public static class FirmwareSignature
{
    private const DSASignatureFormat Format = DSASignatureFormat.Rfc3279DerSequence;

    /// <summary>A new key pair: (private key PEM, public key PEM).</summary>
    public static (string PrivateKeyPem, string PublicKeyPem) CreateKeyPair()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>Signs <paramref name="package"/> with <paramref name="privateKeyPem"/>; returns the base64 signature.</summary>
    /// <exception cref="ArgumentException">The key is not a P-256 private key in PEM.</exception>
    public static string Sign(string privateKeyPem, Stream package)
    {
        using var key = Import(privateKeyPem, "private");
        return Convert.ToBase64String(key.SignData(package, HashAlgorithmName.SHA256, Format));
    }

    /// <summary>True when <paramref name="signatureBase64"/> is <paramref name="publicKeyPem"/>'s owner's signature of <paramref name="package"/>.</summary>
    /// <exception cref="ArgumentException">The key is not a P-256 public key in PEM.</exception>
    public static bool Verify(string publicKeyPem, Stream package, string signatureBase64)
    {
        ArgumentNullException.ThrowIfNull(signatureBase64);
        using var key = Import(publicKeyPem, "public");
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            return false;
        }

        return key.VerifyData(package, signature, HashAlgorithmName.SHA256, Format);
    }

    private static ECDsa Import(string pem, string kind)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArgumentException($"not an ECDSA {kind} key in PEM: {ex.Message}", nameof(pem), ex);
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new ArgumentException($"the {kind} key is ECDSA with {key.KeySize} bits; firmware keys are P-256", nameof(pem));
        }

        return key;
    }
}
