namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// The storage credential in force, which a renewed SAS (<see cref="StorageSasFile"/>) replaces without a restart: every
/// request reads <see cref="Current"/>, so the new one is used from the next request on.
/// </summary>
public sealed class RenewableCredential(BlobStorageCredential initial)
{
    private BlobStorageCredential _current = initial ?? throw new ArgumentNullException(nameof(initial));

    /// <summary>Raised after <see cref="Renew"/> replaced the credential.</summary>
    public event EventHandler<BlobStorageCredential>? Renewed;

    /// <summary>The credential the next request uses.</summary>
    public BlobStorageCredential Current => Volatile.Read(ref _current);

    /// <summary>Uses <paramref name="next"/> from the next request on.</summary>
    public void Renew(BlobStorageCredential next)
    {
        ArgumentNullException.ThrowIfNull(next);
        Volatile.Write(ref _current, next);
        Renewed?.Invoke(this, next);
    }
}
