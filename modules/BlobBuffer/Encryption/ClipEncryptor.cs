using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.BlobBuffer.Encryption;

/// <summary>
/// Encrypts a file for the owner in client-side encryption v2.0 (<see cref="EncryptionFormat"/>): a fresh random
/// AES-256 key per file, used for its regions and then wiped; only its RSA-OAEP wrapping by the owner's public key is
/// kept (in <see cref="EncryptedContent.EncryptionData"/>). Reads the plaintext once, measuring it on the way, and writes
/// the ciphertext flushed to disk.
/// </summary>
public sealed class ClipEncryptor
{
    public ClipEncryptor(OwnerPublicKey owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        Owner = owner;
    }

    /// <summary>The key content keys are wrapped for.</summary>
    public OwnerPublicKey Owner { get; }

    /// <summary>
    /// Writes the ciphertext of <paramref name="plaintextPath"/> to the new file <paramref name="ciphertextPath"/>
    /// (durable when this returns) and describes both.
    /// </summary>
    public EncryptedFile Encrypt(string plaintextPath, string ciphertextPath)
    {
        // Pinned, so the garbage collector never leaves a copy of the key behind when it compacts the heap.
        var wrappedData = GC.AllocateArray<byte>(EncryptionFormat.WrappedVersionLength + EncryptionFormat.ContentKeySize, pinned: true);
        var plain = ArrayPool<byte>.Shared.Rent(EncryptionFormat.RegionDataSize);
        var sealedRegion = ArrayPool<byte>.Shared.Rent(EncryptionFormat.NonceSize + EncryptionFormat.RegionDataSize + EncryptionFormat.TagSize);
        try
        {
            Encoding.ASCII.GetBytes(EncryptionFormat.Protocol, wrappedData);
            var key = wrappedData.AsSpan(EncryptionFormat.WrappedVersionLength);
            RandomNumberGenerator.Fill(key);
            var metadata = new EncryptionData(Owner.KeyId, Owner.Wrap(wrappedData), EncryptionFormat.KeyWrapAlgorithm).ToJson();

            using var gcm = new AesGcm(key, EncryptionFormat.TagSize);
            CryptographicOperations.ZeroMemory(wrappedData);
            using var plainMd5 = ContentMd5.Create();
            using var cipherMd5 = ContentMd5.Create();
            using var input = File.OpenHandle(plaintextPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var output = new FileStream(ciphertextPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            long plainLength = 0;
            long region = 0;
            int read;
            while ((read = ReadRegion(input, plain, plainLength)) > 0)
            {
                var data = plain.AsSpan(0, read);
                plainMd5.AppendData(data);
                var sealedLength = EncryptionFormat.NonceSize + read + EncryptionFormat.TagSize;
                var sealedSpan = sealedRegion.AsSpan(0, sealedLength);
                var nonce = sealedSpan[..EncryptionFormat.NonceSize];
                EncryptionFormat.WriteNonce(region, nonce);
                gcm.Encrypt(nonce, data, sealedSpan.Slice(EncryptionFormat.NonceSize, read), sealedSpan[^EncryptionFormat.TagSize..]);
                cipherMd5.AppendData(sealedSpan);
                output.Write(sealedSpan);
                plainLength += read;
                region++;
            }

            output.Flush(flushToDisk: true);
            var content = new EncryptedContent(Owner.KeyId, metadata, plainLength, Convert.ToBase64String(plainMd5.GetHashAndReset()));
            return new EncryptedFile(output.Length, Convert.ToBase64String(cipherMd5.GetHashAndReset()), content);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappedData);
            ArrayPool<byte>.Shared.Return(plain);
            ArrayPool<byte>.Shared.Return(sealedRegion);
        }
    }

    private static int ReadRegion(Microsoft.Win32.SafeHandles.SafeFileHandle file, byte[] buffer, long offset)
    {
        var total = 0;
        while (total < EncryptionFormat.RegionDataSize)
        {
            var read = RandomAccess.Read(file, buffer.AsSpan(total, EncryptionFormat.RegionDataSize - total), offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}

/// <summary>A ciphertext written by <see cref="ClipEncryptor"/>.</summary>
/// <param name="SizeBytes">Ciphertext length.</param>
/// <param name="ContentMd5">Base64 MD5 of the ciphertext (the blob's Content-MD5).</param>
/// <param name="Content">The metadata and the plaintext's size and MD5.</param>
public sealed record EncryptedFile(long SizeBytes, string ContentMd5, EncryptedContent Content);
