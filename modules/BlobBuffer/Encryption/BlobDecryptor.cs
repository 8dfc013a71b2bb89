using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.BlobBuffer.Encryption;

/// <summary>
/// Decrypts the bytes of a v2.0 blob downloaded as they are (without the SDK), with its <c>encryptiondata</c> and the
/// owner's private key: each region's tag is checked and its nonce must be the next in order (a reordered or damaged
/// file fails, naming the region). Whole regions cut off the end cannot be seen here: compare the result with the
/// blob's <c>plaintextmd5</c>, as the decrypt command does.
/// </summary>
public static class BlobDecryptor
{
    /// <summary>Decrypts <paramref name="ciphertext"/> into <paramref name="plaintext"/>; returns the plaintext's size and base64 MD5.</summary>
    /// <exception cref="InvalidDataException">Wrong key, changed metadata, or a region that fails authentication.</exception>
    public static async Task<(long SizeBytes, string ContentMd5)> DecryptAsync(Stream ciphertext, EncryptionData data, OwnerPrivateKey key, Stream plaintext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(plaintext);
        var contentKey = key.UnwrapContentKey(data);
        var overhead = data.NonceLength + EncryptionFormat.TagSize;
        var sealedRegion = ArrayPool<byte>.Shared.Rent(data.RegionDataLength + overhead);
        var plain = ArrayPool<byte>.Shared.Rent(data.RegionDataLength);
        var expectedNonce = new byte[EncryptionFormat.NonceSize];
        try
        {
            using var gcm = new AesGcm(contentKey, EncryptionFormat.TagSize);
            CryptographicOperations.ZeroMemory(contentKey);
            using var md5 = ContentMd5.Create();
            long length = 0;
            long region = 0;
            int read;
            while ((read = await ReadFullyAsync(ciphertext, sealedRegion.AsMemory(0, data.RegionDataLength + overhead), cancellationToken)) > 0)
            {
                if (read <= overhead)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"region {region} is cut short ({read} bytes): the file is incomplete"));
                }

                var sealedSpan = sealedRegion.AsSpan(0, read);
                EncryptionFormat.WriteNonce(region, expectedNonce);
                if (!sealedSpan[..data.NonceLength].SequenceEqual(expectedNonce))
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"region {region} is out of order (its nonce is not the next one): the file was rearranged"));
                }

                var dataLength = read - overhead;
                try
                {
                    gcm.Decrypt(sealedSpan[..data.NonceLength], sealedSpan.Slice(data.NonceLength, dataLength), sealedSpan[^EncryptionFormat.TagSize..], plain.AsSpan(0, dataLength));
                }
                catch (AuthenticationTagMismatchException ex)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"region {region} fails authentication: the file is damaged or was changed"), ex);
                }

                md5.AppendData(plain, 0, dataLength);
                await plaintext.WriteAsync(plain.AsMemory(0, dataLength), cancellationToken);
                length += dataLength;
                region++;
            }

            return (length, Convert.ToBase64String(md5.GetHashAndReset()));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
            CryptographicOperations.ZeroMemory(plain);
            ArrayPool<byte>.Shared.Return(sealedRegion);
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    private static async Task<int> ReadFullyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
