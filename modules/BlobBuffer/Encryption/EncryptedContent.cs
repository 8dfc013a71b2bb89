using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeCam.BlobBuffer.Encryption;

/// <summary>
/// What the store remembers of a file it encrypted for the owner: the blob metadata that makes it decryptable (the
/// wrapped key, never the key) and the plaintext's size and MD5. The buffered file, its size and its MD5 are the
/// ciphertext's, so the upload verifies and commits exactly the encrypted bytes.
/// </summary>
/// <param name="KeyId">The owner key it was wrapped for.</param>
/// <param name="EncryptionData">The <c>encryptiondata</c> metadata value (<see cref="Encryption.EncryptionData.ToJson"/>).</param>
/// <param name="PlaintextSizeBytes">Size of the original clip.</param>
/// <param name="PlaintextMd5">Base64 MD5 of the original clip (the clipReady's MD5).</param>
public sealed record EncryptedContent(string KeyId, string EncryptionData, long PlaintextSizeBytes, string PlaintextMd5)
{
    /// <summary>The blob metadata entry holding the plaintext's base64 MD5 (Content-MD5 is the ciphertext's).</summary>
    public const string PlaintextMd5Metadata = "plaintextmd5";

    /// <summary>Adds <c>encryptiondata</c> and <c>plaintextmd5</c> to the blob metadata committed with the blob.</summary>
    public void AddMetadataTo(IDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        metadata[EncryptionFormat.MetadataName] = EncryptionData;
        metadata[PlaintextMd5Metadata] = PlaintextMd5;
    }

    /// <summary>
    /// The 32-bit field that leads this ciphertext's block ids in place of the block size: derived from the wrapped key
    /// (random per encryption) and the block size, so blocks staged for an earlier encryption of the same clip (another
    /// key, same sizes) are never taken for this one's, and every id keeps the plain ids' length.
    /// </summary>
    public int BlockIdField(int blockSizeBytes) => BinaryPrimitives.ReadInt32BigEndian(
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{blockSizeBytes}\n{EncryptionData}"))));
}
