using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.Edge.Durability;

namespace EdgeCam.BlobBuffer.Targets;

/// <summary>
/// The embedded default when no storage connection string is configured: copies each clip to
/// <c>&lt;folder&gt;/&lt;blob name&gt;</c> (temp file, fsync, MD5 check, rename), so a laptop run needs no Azure.
/// </summary>
public sealed class LocalFolderTarget : IClipTarget
{
    public LocalFolderTarget(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The root folder.</summary>
    public string Folder { get; }

    public string Description => $"local folder '{Folder}'";

    public async Task<TargetReceipt> UploadAsync(UploadJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var destination = Path.GetFullPath(Path.Combine(Folder, job.BlobName));
        if (!destination.StartsWith(Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"blob name '{job.BlobName}' leaves the folder '{Folder}'.");
        }

        var directory = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(directory);
        var temp = destination + ".uploading";
        string md5;
        long size;
        await using (var input = new FileStream(job.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, useAsync: true))
        await using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1024 * 1024, useAsync: true))
        {
            await input.CopyToAsync(output, cancellationToken);
            output.Flush(flushToDisk: true);
            size = output.Length;
        }

        await using (var written = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, useAsync: true))
        {
            md5 = await ContentMd5.OfAsync(written, cancellationToken);
        }

        if (size != job.Clip.SizeBytes || md5 != job.Clip.ContentMd5)
        {
            File.Delete(temp);
            throw new InvalidDataException($"copy of clip {job.Clip.CameraId}/{job.Clip.EventId} to '{destination}' does not match ({size} bytes, MD5 {md5}; expected {job.Clip.SizeBytes}, {job.Clip.ContentMd5}).");
        }

        File.Move(temp, destination, overwrite: true);
        DurableFile.FlushDirectory(directory);
        return new TargetReceipt(destination, job.BlobName, size, md5, BlocksSent: 1);
    }
}
