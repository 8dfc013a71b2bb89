using System.Runtime.InteropServices;

namespace EdgeCam.SegmentRecorder.Journal;

/// <summary>
/// Writes that survive a crash or a power cut: a file is replaced atomically (temp file, fsync, rename) and the
/// directory is flushed after a rename or a delete, because the entry change is durable only once its directory is.
/// .NET has no fsync of a directory, so that one call goes to libc.
/// </summary>
internal static partial class DurableFile
{
    /// <summary>The suffix of a file being written; one left behind is a write torn before its rename (the old file is intact).</summary>
    public const string TempSuffix = ".tmp";

    // O_RDONLY opens a directory on Linux; O_DIRECTORY differs between x86_64 and arm64, so it is left out.
    private const int ReadOnly = 0;

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/>: written and fsynced beside it, renamed over it, directory flushed.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var temp = path + TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Deletes <paramref name="path"/> (if it exists) durably.</summary>
    public static void Delete(string path)
    {
        File.Delete(path);
        FlushDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Flushes the entries of <paramref name="directory"/> (create, rename, unlink) to disk. A no-op off Linux.</summary>
    public static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
