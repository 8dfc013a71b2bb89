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

    /// <summary>Beside an encrypted file: its metadata as the blob would have it (JSON object of name → value).</summary>
    public const string MetadataSuffix = ".metadata.json";

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

        if (job.Clip.Encryption is { } encryption)
        {
            // What a blob would carry as metadata, so the decrypt command can open the file (README "Encryption").
            var metadata = new System.Text.Json.Nodes.JsonObject { ["camera"] = job.Clip.CameraId, ["event"] = job.Clip.EventId };
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            encryption.AddMetadataTo(entries);
            foreach (var (name, value) in entries)
            {
                metadata[name] = value;
            }

            DurableFile.WriteAtomically(destination + MetadataSuffix, System.Text.Encoding.UTF8.GetBytes(metadata.ToJsonString()));
        }

        File.Move(temp, destination, overwrite: true);
        DurableFile.FlushDirectory(directory);
        return new TargetReceipt(destination, job.BlobName, size, md5, BlocksSent: 1);
    }
}
