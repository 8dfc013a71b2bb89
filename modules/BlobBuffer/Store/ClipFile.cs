using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.BlobBuffer.Store;

/// <summary>Size and base64 MD5 of a file on disk, read in one pass; optionally flushed to disk on the way.</summary>
internal static class ClipFile
{
    /// <summary>Measures <paramref name="path"/>; with <paramref name="flushToDisk"/> its data is made durable as well.</summary>
    public static (long SizeBytes, string ContentMd5) Measure(string path, bool flushToDisk = false)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var md5 = ContentMd5.Create();
        var buffer = new byte[1024 * 1024];
        long offset = 0;
        int read;
        while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            offset += read;
        }

        if (flushToDisk)
        {
            RandomAccess.FlushToDisk(handle);
        }

        return (offset, Convert.ToBase64String(md5.GetHashAndReset()));
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> and flushes the copy to disk.</summary>
    public static void CopyDurably(string source, string destination)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024);
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1024 * 1024);
        input.CopyTo(output);
        output.Flush(flushToDisk: true);
    }
}
