using System.Runtime.InteropServices;

namespace EdgeCam.BlobBuffer.Store;

/// <summary>
/// The few POSIX calls durability needs and .NET does not expose: hard links and fsync of a directory
/// (a rename or a new link is only durable once its directory is flushed).
/// </summary>
internal static partial class DurableFile
{
    // O_RDONLY opens a directory on Linux; O_DIRECTORY is left out because its value differs between x86_64 and arm64.
    private const int ReadOnlyFlags = 0;

    /// <summary>Creates <paramref name="newPath"/> as a hard link to <paramref name="existingPath"/>; false when not possible (another volume, no permission).</summary>
    public static bool TryHardLink(string existingPath, string newPath) =>
        OperatingSystem.IsLinux() && Link(existingPath, newPath) == 0;

    /// <summary>Flushes a directory entry change (create, rename, unlink) to disk. A no-op off Linux.</summary>
    public static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(directory, ReadOnlyFlags);
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

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically: temp file, fsync, rename, fsync directory.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(path)!);
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingPath, string newPath);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
