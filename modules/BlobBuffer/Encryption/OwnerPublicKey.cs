using System.Security.Cryptography;

namespace EdgeCam.BlobBuffer.Encryption;

/// <summary>
/// The owner's RSA public key, the only key the device holds: it can wrap a content key, never unwrap one. Read from
/// PEM (<c>-----BEGIN PUBLIC KEY-----</c>, or <c>-----BEGIN RSA PUBLIC KEY-----</c>); its <see cref="KeyId"/> is the
/// SHA-256 thumbprint of its SubjectPublicKeyInfo, the same as
/// <c>openssl pkey -pubin -in owner-public-key.pem -outform DER | sha256sum</c>.
/// </summary>
public sealed class OwnerPublicKey
{
    /// <summary>The smallest key accepted (NIST: 2048 bits until 2030).</summary>
    public const int MinKeySizeBits = 2048;

    private readonly byte[] _subjectPublicKeyInfo;

    private OwnerPublicKey(byte[] subjectPublicKeyInfo, int keySizeBits)
    {
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
        KeySizeBits = keySizeBits;
        KeyId = Thumbprint(subjectPublicKeyInfo);
    }

    /// <summary>Lowercase hex SHA-256 of the key's SubjectPublicKeyInfo (DER).</summary>
    public string KeyId { get; }

    /// <summary>The modulus size.</summary>
    public int KeySizeBits { get; }

    /// <summary>The key id of an RSA key: lowercase hex SHA-256 of its SubjectPublicKeyInfo.</summary>
    public static string Thumbprint(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>Reads <paramref name="pem"/>, or says in <paramref name="problem"/> what is wrong with it (one phrase).</summary>
    public static bool TryParse(string pem, out OwnerPublicKey? key, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        key = null;
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            // Said first and without echoing anything: a private key must never sit on the device.
            problem = "it is a private key; give the public key only (the private key stays with the owner)";
            return false;
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (ArgumentException ex)
        {
            problem = $"not an RSA public key in PEM ({ex.Message.TrimEnd('.')})";
            return false;
        }
        catch (CryptographicException ex)
        {
            problem = $"the PEM does not hold a valid RSA public key ({ex.Message.TrimEnd('.')})";
            return false;
        }

        if (rsa.KeySize < MinKeySizeBits)
        {
            problem = $"the key has {rsa.KeySize} bits; at least {MinKeySizeBits} are needed";
            return false;
        }

        key = new OwnerPublicKey(rsa.ExportSubjectPublicKeyInfo(), rsa.KeySize);
        problem = null;
        return true;
    }

    /// <summary>Reads <paramref name="pem"/>; throws <see cref="FormatException"/> with the problem.</summary>
    public static OwnerPublicKey Parse(string pem) =>
        TryParse(pem, out var key, out var problem) ? key! : throw new FormatException($"the owner's public key is not usable: {problem}");

    /// <summary>Wraps <paramref name="data"/> (the versioned content key) with RSA-OAEP-SHA256.</summary>
    public byte[] Wrap(ReadOnlySpan<byte> data)
    {
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
        var wrapped = new byte[rsa.KeySize / 8];
        return rsa.TryEncrypt(data, wrapped, RSAEncryptionPadding.OaepSHA256, out var written) && written == wrapped.Length
            ? wrapped
            : throw new CryptographicException("RSA-OAEP wrap did not produce a whole block");
    }
}
