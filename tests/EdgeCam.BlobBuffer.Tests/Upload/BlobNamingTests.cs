using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Upload;

namespace EdgeCam.BlobBuffer.Tests.Upload;

[Trait("Category", "Unit")]
public sealed class BlobNamingTests
{
    [Fact]
    public void For_StartWithOffset_UsesUtcDate()
    {
        var start = new DateTimeOffset(2026, 11, 21, 0, 30, 0, TimeSpan.FromHours(2)); // 2026-11-20 22:30 UTC
        var clip = new BufferedClip("id", "front", "evt-7", "x.mp4", start, start, 1, "md5", start);

        Assert.Equal("front/2026/11/20/evt-7.mp4", BlobNaming.For(clip));
    }
}
