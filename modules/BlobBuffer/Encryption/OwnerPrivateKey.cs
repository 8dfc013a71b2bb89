using System.Security.Cryptography;
using Azure.Core.Cryptography;

namespace EdgeCam.BlobBuffer.Encryption;

/// <summary>
/// The owner's RSA private key, on the owner's computer only (never on a device): unwraps the content key of a blob
/// encrypted for it. Also the key-encryption key Azure.Storage.Blobs asks its resolver for when it decrypts a download.
/// </summary>
public sealed class OwnerPrivateKey : IKeyEncryptionKey, IDisposable
{
    private readonly RSA _rsa;

    private OwnerPrivateKey(RSA rsa)
    {
        _rsa = rsa;
        KeyId = OwnerPublicKey.Thumbprint(rsa.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The thumbprint of its public key (<see cref="OwnerPublicKey.KeyId"/>), as the blobs name it.</summary>
    public string KeyId { get; }

    /// <summary>
    /// Reads a PEM private key (<c>PRIVATE KEY</c>, <c>RSA PRIVATE KEY</c>, or <c>ENCRYPTED PRIVATE KEY</c> with
    /// <paramref name="password"/>). Throws <see cref="FormatException"/> with one line saying what is wrong.
    /// </summary>
    public static OwnerPrivateKey FromPem(string pem, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var rsa = RSA.Create();
        try
        {
            if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
            {
                rsa.ImportFromEncryptedPem(pem, password ?? throw new FormatException("the private key is encrypted; set its passphrase in EDGECAM_OWNER_KEY_PASSWORD"));
            }
            else if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                rsa.ImportFromPem(pem);
            }
            else
            {
                throw new FormatException("no RSA private key in it (expected -----BEGIN PRIVATE KEY-----); the public key cannot decrypt");
            }

            return new OwnerPrivateKey(rsa);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new FormatException($"not a usable RSA private key: {ex.Message.TrimEnd('.')}", ex);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Unwraps a blob's wrapped key and checks the v2.0 binding: the first 8 bytes must name the protocol the metadata
    /// claims. Returns the 32-byte content key (the caller wipes it).
    /// </summary>
    /// <exception cref="InvalidDataException">The key was wrapped for another key, or the metadata was changed.</exception>
    public byte[] UnwrapContentKey(EncryptionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!string.Equals(data.KeyId, KeyId, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"the blob was encrypted for owner key {data.KeyId}; this private key is {KeyId}");
        }

        var unwrapped = UnwrapKey(data.WrapAlgorithm, data.WrappedKey);
        try
        {
            var version = System.Text.Encoding.ASCII.GetString(unwrapped, 0, Math.Min(unwrapped.Length, EncryptionFormat.WrappedVersionLength)).TrimEnd('\0');
            if (unwrapped.Length != EncryptionFormat.WrappedVersionLength + EncryptionFormat.ContentKeySize || version != data.Protocol)
            {
                throw new InvalidDataException("the wrapped key does not match its encryptiondata (changed metadata)");
            }

            return unwrapped[EncryptionFormat.WrappedVersionLength..];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(unwrapped);
        }
    }

    /// <inheritdoc />
    public byte[] UnwrapKey(string algorithm, ReadOnlyMemory<byte> encryptedKey, CancellationToken cancellationToken = default)
    {
        try
        {
            return _rsa.Decrypt(encryptedKey.Span, Padding(algorithm));
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException("the wrapped content key does not open with this private key", ex);
        }
    }

    /// <inheritdoc />
    public Task<byte[]> UnwrapKeyAsync(string algorithm, ReadOnlyMemory<byte> encryptedKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(UnwrapKey(algorithm, encryptedKey, cancellationToken));

    /// <inheritdoc />
    public byte[] WrapKey(string algorithm, ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        _rsa.Encrypt(key.Span, Padding(algorithm));

    /// <inheritdoc />
    public Task<byte[]> WrapKeyAsync(string algorithm, ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        Task.FromResult(WrapKey(algorithm, key, cancellationToken));

    public void Dispose() => _rsa.Dispose();

    // RSA-OAEP-256 is what devices write; RSA-OAEP (SHA-1) is what Key Vault samples and other SDK users often chose.
    private static RSAEncryptionPadding Padding(string algorithm) => algorithm switch
    {
        EncryptionFormat.KeyWrapAlgorithm => RSAEncryptionPadding.OaepSHA256,
        "RSA-OAEP" => RSAEncryptionPadding.OaepSHA1,
        _ => throw new InvalidDataException($"key wrap algorithm '{algorithm}' is not supported (expected {EncryptionFormat.KeyWrapAlgorithm} or RSA-OAEP)"),
    };
}
