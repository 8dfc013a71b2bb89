namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// A file holding a container SAS URL (<c>EDGECAM_STORAGE_SAS_FILE</c>, e.g. on a mounted secret or volume), so a renewed
/// SAS is taken without a restart: <see cref="Poll"/> looks at the file's modification time and length, and reads and
/// checks it only when they changed. Never logs or returns the signature.
/// </summary>
public sealed class StorageSasFile
{
    /// <summary>How often <see cref="CredentialWatch"/> polls the file: a renewed SAS is used within this long.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    // A SAS URL is a few hundred characters; anything much larger is not one.
    private const long MaxBytes = 16 * 1024;

    private (DateTime Modified, long Length) _seen;

    private StorageSasFile(string path, (DateTime, long) seen)
    {
        FilePath = path;
        _seen = seen;
    }

    /// <summary>The file's path (safe to log).</summary>
    public string FilePath { get; }

    /// <summary>
    /// Reads the credential in <paramref name="path"/> (at start): a missing, empty or malformed file throws
    /// <see cref="FormatException"/> with one line naming the file and what is wrong.
    /// </summary>
    public static (StorageSasFile File, BlobStorageCredential Credential) Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var stamp = Stamp(path);
        return (new StorageSasFile(path, stamp), Read(path));
    }

    /// <summary>
    /// The file's credential if it changed since the last look: null when unchanged, else the new credential, or the
    /// one line saying why the new content was not taken.
    /// </summary>
    public (BlobStorageCredential? Renewed, string? Problem) Poll()
    {
        (DateTime, long) stamp;
        try
        {
            stamp = Stamp(FilePath);
        }
        catch (FormatException ex)
        {
            return Changed((default, -1)) ? (null, ex.Message) : (null, null);
        }

        if (!Changed(stamp))
        {
            return (null, null);
        }

        try
        {
            return (Read(FilePath), null);
        }
        catch (FormatException ex)
        {
            return (null, ex.Message);
        }
    }

    private bool Changed((DateTime, long) stamp)
    {
        if (stamp == _seen)
        {
            return false;
        }

        _seen = stamp;
        return true;
    }

    private static (DateTime, long) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists
            ? (info.LastWriteTimeUtc, info.Length)
            : throw new FormatException($"the SAS file '{path}' does not exist.");
    }

    private static BlobStorageCredential Read(string path)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxBytes)
            {
                throw new FormatException($"the SAS file '{path}' has {info.Length} bytes; a container SAS URL has far fewer.");
            }

            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"the SAS file '{path}' cannot be read: {ex.Message}");
        }

        if (text.Length == 0)
        {
            throw new FormatException($"the SAS file '{path}' is empty.");
        }

        try
        {
            return BlobStorageCredential.ParseContainerSasUrl(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"the SAS file '{path}': {ex.Message}");
        }
    }
}
