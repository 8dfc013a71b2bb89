using EdgeCam.Edge.Volumes;
using EdgeCam.SegmentRecorder.Retention;

namespace EdgeCam.SegmentRecorder.Tests.Fakes;

/// <summary>
/// A volume of <paramref name="totalBytes"/> where something else uses <paramref name="otherBytes"/> and the files under
/// <paramref name="root"/> (segments and clips; the small lists are ignored) use their length: free space falls as the test writes and rises as retention deletes.
/// </summary>
internal sealed class FakeFreeSpace(string root, long totalBytes, long otherBytes) : IFreeSpaceReader
{
    public long OtherBytes { get; set; } = otherBytes;

    public VolumeSpace? Read()
    {
        var used = Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".ts", StringComparison.Ordinal) || f.EndsWith(".mp4", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length) : 0;
        return new VolumeSpace(totalBytes - OtherBytes - used, totalBytes);
    }
}
