using System.Formats.Tar;
using System.IO.Compression;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// Unpacks a verified package (a <c>.tar.gz</c> of a release directory) beside the running release: into a temporary
/// directory first, checked (its version stamp is the desired version, the agent is in it), then renamed to
/// <c>releases/&lt;version&gt;</c>. The running release and <c>current</c> are not touched.
/// </summary>
public static class ReleaseInstaller
{
    /// <summary>Installs <paramref name="packagePath"/> as release <paramref name="version"/>; returns its directory.</summary>
    /// <exception cref="FirmwarePackageException">The package is not a release of that version (Refused), or the disk failed.</exception>
    public static async Task<string> InstallAsync(FirmwareLayout layout, string packagePath, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var target = layout.ReleaseDirectory(version);
        if (layout.CurrentVersion() == version)
        {
            throw new FirmwarePackageException($"release {version} is already current");
        }

        var partial = Path.Combine(layout.Releases, $".{version}.partial");
        DeleteIfPresent(partial);
        Directory.CreateDirectory(partial);
        try
        {
            await using (var file = File.OpenRead(packagePath))
            await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            {
                // Refuses entries that would land outside the directory (../, absolute paths, links pointing out).
                await TarFile.ExtractToDirectoryAsync(gzip, partial, overwriteFiles: false, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or UnauthorizedAccessException || ex is IOException && ex is not DirectoryNotFoundException)
        {
            DeleteIfPresent(partial);
            throw new FirmwarePackageException($"package is not a release archive (.tar.gz): {ex.Message}", ex) { Refused = true };
        }

        var stamped = File.Exists(Path.Combine(partial, ReleaseFiles.VersionFile)) ? File.ReadAllText(Path.Combine(partial, ReleaseFiles.VersionFile)).Trim() : null;
        string? problem = stamped is null ? $"package has no {ReleaseFiles.VersionFile} file"
            : stamped != version ? $"package is release {stamped}, the twin asked for {version}"
            : !File.Exists(Path.Combine(partial, ReleaseFiles.EntryAssembly)) ? $"package has no {ReleaseFiles.EntryAssembly}"
            : null;
        if (problem is not null)
        {
            DeleteIfPresent(partial);
            throw new FirmwarePackageException(problem) { Refused = true };
        }

        DeleteIfPresent(target); // a copy left by an earlier attempt that was rolled back
        Directory.Move(partial, target);
        return target;
    }

    /// <summary>Deletes every release but <paramref name="keep"/> (the current and the previous one stay for a rollback).</summary>
    public static void Prune(FirmwareLayout layout, params string?[] keep)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!Directory.Exists(layout.Releases))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(layout.Releases))
        {
            if (!keep.Contains(Path.GetFileName(directory)))
            {
                DeleteIfPresent(directory);
            }
        }
    }

    private static void DeleteIfPresent(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
