using System.Runtime.InteropServices;

namespace EdgeCam.Edge.Durability;

/// <summary>
/// Small files that survive a crash or a power cut: written to a temporary file, flushed to disk, renamed over the
/// target, then the directory flushed (a rename is only durable once its directory is). A reader sees the old content
/// or the new one, never half of either. Shared by the modules that journal what they must not lose (CameraCapture's motion journal, SegmentRecorder's
/// job journal, BlobBuffer's clip store).
/// </summary>
public static partial class DurableFile
{
    /// <summary>The suffix of the temporary file next to the target while it is written; a crash may leave one behind.</summary>
    public const string TemporarySuffix = ".tmp";

    // O_RDONLY opens a directory on Linux; O_DIRECTORY is left out because its value differs between x86_64 and arm64.
    private const int ReadOnlyFlags = 0;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically and durably (its directory must exist).</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var temporary = path + TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        FlushDirectory(DirectoryOf(path));
    }

    /// <summary>Deletes <paramref name="path"/> durably; false when it did not exist.</summary>
    public static bool Delete(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        FlushDirectory(DirectoryOf(path));
        return true;
    }

    /// <summary>
    /// Creates <paramref name="newPath"/> as a hard link to <paramref name="existingPath"/> (flush the directory to make
    /// it durable); false when that is not possible (another volume, no permission, not Linux).
    /// </summary>
    public static bool TryHardLink(string existingPath, string newPath) =>
        OperatingSystem.IsLinux() && Link(existingPath, newPath) == 0;

    /// <summary>Flushes a directory entry change (create, rename, unlink) to disk. A no-op off Linux.</summary>
    /// <exception cref="IOException">The directory cannot be opened or flushed (the message names it).</exception>
    public static void FlushDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
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

    private static string DirectoryOf(string path) => Path.GetDirectoryName(Path.GetFullPath(path))!;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingPath, string newPath);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
