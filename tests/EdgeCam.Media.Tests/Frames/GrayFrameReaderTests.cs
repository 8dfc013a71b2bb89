using EdgeCam.Media.Frames;

namespace EdgeCam.Media.Tests.Frames;

[Trait("Category", "Unit")]
public sealed class GrayFrameReaderTests
{
    [Fact]
    public async Task ReadAsync_StreamOfWholeFramesAndATail_ReturnsFramesWithIndexAndTimestampThenNull()
    {
        var data = new byte[(3 * 4 * 2) + 5];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)i;
        }

        var reader = new GrayFrameReader(new MemoryStream(data), width: 4, height: 2, framesPerSecond: 5);

        var frames = new List<GrayFrame>();
        while (await reader.ReadAsync(CancellationToken.None) is { } frame)
        {
            frames.Add(frame);
        }

        Assert.Equal(3, frames.Count);
        Assert.Equal([0L, 1L, 2L], frames.Select(f => f.Index));
        Assert.Equal(TimeSpan.FromMilliseconds(400), frames[2].Timestamp);
        Assert.Equal(data.AsSpan(8, 8).ToArray(), frames[1].Pixels.ToArray());
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public void Pixels_AfterDispose_Throws()
    {
        var frame = GrayFrame.FromPixels(new byte[4], 2, 2, 0, TimeSpan.Zero);

        frame.Dispose();

        Assert.Throws<ObjectDisposedException>(() => frame.Pixels.Length);
    }
}
