using System.Security.Cryptography;

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// Base64 MD5 as Blob storage uses it (Content-MD5): an integrity check against corruption, not a security measure;
/// the service only offers MD5 and CRC64 for it.
/// </summary>
public static class ContentMd5
{
    /// <summary>Base64 MD5 of <paramref name="data"/>.</summary>
    public static string Of(ReadOnlySpan<byte> data) => Convert.ToBase64String(Hash(data));

    /// <summary>The 16 bytes of the MD5 of <paramref name="data"/> (for transactional Content-MD5).</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        using var hash = Create();
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }

    /// <summary>Base64 MD5 of the rest of <paramref name="stream"/>.</summary>
    public static async Task<string> OfAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var hash = Create();
        var buffer = new byte[1024 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToBase64String(hash.GetHashAndReset());
    }

    /// <summary>An incremental MD5 for data read in pieces.</summary>
    public static IncrementalHash Create() => IncrementalHash.CreateHash(HashAlgorithmName.MD5);
}
