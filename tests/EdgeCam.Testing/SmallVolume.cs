using System.Diagnostics;

namespace EdgeCam.Testing;

/// <summary>
/// A small filesystem mounted for a test that must fill a disk for real (ENOSPC): a tmpfs with <c>size=</c>, or an
/// ext4 image on a loop device (<c>mkfs.ext4 -m 0</c>: no blocks reserved for root, so what statvfs calls available is
/// what every process can write). Needs root and <c>mount</c>; when mounting is refused the constructor throws one line
/// saying so (the test fails, it never skips). Dispose unmounts (lazily if a process still holds a file).
/// </summary>
public sealed class SmallVolume : IDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);
    private bool _mounted;

    private SmallVolume(string mountPoint)
    {
        MountPoint = mountPoint;
    }

    /// <summary>Where the filesystem is mounted.</summary>
    public string MountPoint { get; }

    /// <summary>Size of the filesystem as statvfs reports it.</summary>
    public long TotalBytes => new DriveInfo(MountPoint).TotalSize;

    /// <summary>Bytes any process may still write.</summary>
    public long FreeBytes => new DriveInfo(MountPoint).AvailableFreeSpace;

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> at <paramref name="mountPoint"/> (created if missing).</summary>
    public static SmallVolume Tmpfs(string mountPoint, long bytes)
    {
        Directory.CreateDirectory(mountPoint);
        var volume = new SmallVolume(mountPoint);
        volume.Mount(["-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", mountPoint], $"a {bytes}-byte tmpfs");
        return volume;
    }

    /// <summary>Creates an ext4 image of <paramref name="bytes"/> at <paramref name="imagePath"/> and loop-mounts it at <paramref name="mountPoint"/>.</summary>
    /// <param name="reservedPercent">Blocks reserved for root (<c>mkfs.ext4 -m</c>; 0 by default, 5 is mkfs's own default).</param>
    public static SmallVolume Ext4(string imagePath, string mountPoint, long bytes, int reservedPercent = 0)
    {
        Directory.CreateDirectory(mountPoint);
        using (var image = new FileStream(imagePath, FileMode.Create, FileAccess.Write))
        {
            image.SetLength(bytes);
        }

        Run("mkfs.ext4", ["-q", "-F", "-m", reservedPercent.ToString(System.Globalization.CultureInfo.InvariantCulture), imagePath], $"mkfs.ext4 of a {bytes}-byte image");
        var volume = new SmallVolume(mountPoint);
        volume.Mount(["-o", "loop", imagePath, mountPoint], $"the {bytes}-byte ext4 image {imagePath} with -o loop");
        return volume;
    }

    /// <summary>
    /// Appends zeros to <paramref name="path"/> on this volume until the filesystem says ENOSPC; returns the bytes
    /// written. The file stays. Bounded: at most twice the volume (others may free space meanwhile).
    /// </summary>
    /// <exception cref="InvalidOperationException">The volume never filled.</exception>
    public long Fill(string path)
    {
        var chunk = new byte[64 * 1024];
        var limit = 2 * TotalBytes;
        long written = 0;
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        try
        {
            while (written < limit)
            {
                stream.Write(chunk);
                written += chunk.Length;
            }
        }
        catch (IOException ex) when (ex.HResult == 28)
        {
            // ENOSPC: the volume is full, which is what was asked.
            return written;
        }

        throw new InvalidOperationException($"{MountPoint} did not fill after {written} bytes were written");
    }

    public void Dispose()
    {
        if (!_mounted)
        {
            return;
        }

        if (RunQuietly("umount", [MountPoint]) != 0)
        {
            RunQuietly("umount", ["-l", MountPoint]);
        }

        _mounted = false;
    }

    private void Mount(IReadOnlyList<string> arguments, string what)
    {
        Run("mount", arguments, $"mount of {what} at {MountPoint} (the disk-full tests need root and mount)");
        _mounted = true;
    }

    private static void Run(string tool, IReadOnlyList<string> arguments, string what)
    {
        var (code, error) = Execute(tool, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"{what} failed (exit {code}): {error.Trim()}");
        }
    }

    private static int RunQuietly(string tool, IReadOnlyList<string> arguments) => Execute(tool, arguments).Code;

    private static (int Code, string Error) Execute(string tool, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(ToolTimeout))
            {
                process.Kill();
                return (-1, $"{tool} did not finish within {ToolTimeout.TotalSeconds:0} s");
            }

            return (process.ExitCode, error.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{tool} is not installed ({ex.Message}; device/install-deps.sh --tests installs it)");
        }
    }
}
