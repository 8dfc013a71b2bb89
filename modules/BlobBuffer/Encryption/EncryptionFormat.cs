using System.Buffers.Binary;

namespace EdgeCam.BlobBuffer.Encryption;

/// <summary>
/// The facts of Azure.Storage.Blobs' client-side encryption v2.0, which EdgeCam writes on the device so that the SDK
/// (<c>ClientSideEncryptionVersion.V2_0</c>) decrypts the blobs: the plaintext is cut into regions of 4 MiB, each stored
/// as <c>nonce (12 bytes) || AES-256-GCM ciphertext || tag (16 bytes)</c> under one random content key per blob; the
/// key, prefixed with the protocol version padded to 8 bytes, is wrapped by the owner's key and described in the
/// blob's <c>encryptiondata</c> metadata (<see cref="EncryptionData"/>).
/// </summary>
public static class EncryptionFormat
{
    /// <summary>The blob metadata entry the SDK reads the encryption description from.</summary>
    public const string MetadataName = "encryptiondata";

    /// <summary>The <c>EncryptionAgent.Protocol</c> of v2.0.</summary>
    public const string Protocol = "2.0";

    /// <summary>The content cipher, as the metadata names it.</summary>
    public const string ContentAlgorithm = "AES_GCM_256";

    /// <summary>The only encryption mode the SDK knows.</summary>
    public const string EncryptionMode = "FullBlob";

    /// <summary>How the content key is wrapped: RSA-OAEP with SHA-256 (the JSON Web Algorithms / Key Vault name).</summary>
    public const string KeyWrapAlgorithm = "RSA-OAEP-256";

    /// <summary>Plaintext bytes per region.</summary>
    public const int RegionDataSize = 4 * 1024 * 1024;

    /// <summary>Bytes of the nonce in front of each region.</summary>
    public const int NonceSize = 12;

    /// <summary>Bytes of the GCM tag after each region.</summary>
    public const int TagSize = 16;

    /// <summary>Bytes of the AES-256 content key.</summary>
    public const int ContentKeySize = 32;

    /// <summary>The wrapped data starts with the protocol (<c>"2.0"</c>) padded with zero bytes to this length.</summary>
    public const int WrappedVersionLength = 8;

    /// <summary>Length of the ciphertext of <paramref name="plaintextLength"/> bytes.</summary>
    public static long CiphertextLength(long plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return plaintextLength + (RegionCount(plaintextLength) * (NonceSize + TagSize));
    }

    /// <summary>Regions of <paramref name="plaintextLength"/> bytes (the last one may be short; none for nothing).</summary>
    public static long RegionCount(long plaintextLength) => (plaintextLength + RegionDataSize - 1) / RegionDataSize;

    /// <summary>
    /// The nonce of region <paramref name="region"/> (0-based) as the SDK's own encryptor writes it: four zero bytes, then
    /// the region number plus one as a little-endian 64-bit integer. A fresh key per blob makes a counter safe, and the
    /// SDK's decryptor checks that regions come in this order (a reordered blob fails).
    /// </summary>
    public static void WriteNonce(long region, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(nonce[4..NonceSize], region + 1);
    }
}
