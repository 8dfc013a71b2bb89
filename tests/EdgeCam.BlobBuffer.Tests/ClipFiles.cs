using System.Security.Cryptography;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Snapshots;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>Writes clips with known content onto a shared volume and builds their clipReady messages.</summary>
internal static class ClipFiles
{
    public static byte[] Content(int sizeBytes, int seed)
    {
        var bytes = new byte[sizeBytes];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Md5(byte[] content)
    {
        // Computed here with the BCL directly, not with the module's ContentMd5, so the tests check it independently.
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(content);
        return Convert.ToBase64String(md5.GetHashAndReset());
    }

    public static ClipReady Write(SharedVolume volume, string cameraId, string eventId, byte[] content, DateTimeOffset? start = null)
    {
        var directory = volume.ClipsDirectory(cameraId);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, eventId + ".mp4");
        File.WriteAllBytes(path, content);
        var begin = start ?? new DateTimeOffset(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);
        return new ClipReady(cameraId, eventId, volume.ToRelative(path), begin, begin.AddSeconds(20), content.Length, Md5(content));
    }

    /// <summary>Writes an event snapshot (any bytes: the store does not look inside) and builds its snapshotReady.</summary>
    public static SnapshotReady WriteSnapshot(SharedVolume volume, string cameraId, string eventId, byte[] content, DateTimeOffset? eventStart = null)
    {
        var directory = volume.SnapshotsDirectory(cameraId);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, eventId + ".jpg");
        File.WriteAllBytes(path, content);
        var start = eventStart ?? new DateTimeOffset(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);
        return new SnapshotReady(cameraId, eventId, volume.ToRelative(path), start, start.AddSeconds(0.6), content.Length, Md5(content));
    }
}
