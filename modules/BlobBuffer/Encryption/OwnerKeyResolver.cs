using Azure.Core.Cryptography;

namespace EdgeCam.BlobBuffer.Encryption;

/// <summary>
/// Gives Azure.Storage.Blobs the owner's private key when a blob names it; a blob encrypted for another key fails with
/// one line naming both keys (rather than the SDK's generic "key not found").
/// </summary>
public sealed class OwnerKeyResolver : IKeyEncryptionKeyResolver
{
    private readonly OwnerPrivateKey _key;

    public OwnerKeyResolver(OwnerPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    /// <inheritdoc />
    public IKeyEncryptionKey Resolve(string keyId, CancellationToken cancellationToken = default) =>
        string.Equals(keyId, _key.KeyId, StringComparison.OrdinalIgnoreCase)
            ? _key
            : throw new InvalidDataException($"the blob was encrypted for owner key {keyId}; this private key is {_key.KeyId}");

    /// <inheritdoc />
    public Task<IKeyEncryptionKey> ResolveAsync(string keyId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Resolve(keyId, cancellationToken));
}
