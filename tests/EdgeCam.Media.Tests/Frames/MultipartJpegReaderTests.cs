using System.Text;
using EdgeCam.Media.Frames;
using EdgeCam.Testing;

namespace EdgeCam.Media.Tests.Frames;

public sealed class MultipartJpegReaderTests
{
    [Fact]
    [Trait("Category", "Integration")]
    public async Task ReadAsync_FfmpegMpjpegStream_EveryPartIsAWholeJpeg()
    {
        var ffmpeg = RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("mpjpeg");
        var stream = temp.Combine("frames.mjpg");
        using (var process = System.Diagnostics.Process.Start(ffmpeg, ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=5", "-t", "3", "-vf", "fps=1,format=yuvj420p", "-c:v", "mjpeg", "-f", "mpjpeg", stream]))
        {
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            Assert.Equal(0, process.ExitCode);
        }

        await using var file = File.OpenRead(stream);
        var reader = new MultipartJpegReader(file);
        var parts = new List<byte[]>();
        while (await reader.ReadAsync(CancellationToken.None) is { } jpeg)
        {
            parts.Add(jpeg);
        }

        Assert.Equal(3, parts.Count);
        Assert.All(parts, jpeg => Assert.Equal((0xFF, 0xD8, 0xFF, 0xD9), (jpeg[0], jpeg[1], jpeg[^2], jpeg[^1])));
        Assert.Equal(3, parts.Distinct(new BytesComparer()).Count());
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }

    [Theory]
    [Trait("Category", "Unit")]
    [InlineData("--ffmpeg\r\nContent-type: image/jpeg\r\n\r\nxxxx", "mpjpeg part without Content-length.")]
    [InlineData("--ffmpeg\r\nContent-length: -4\r\n\r\nxxxx", "mpjpeg part with an invalid Content-length: '-4'.")]
    public async Task ReadAsync_PartWithoutValidLength_OneLineNamingIt(string text, string expected)
    {
        var reader = new MultipartJpegReader(new MemoryStream(Encoding.ASCII.GetBytes(text)));

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadAsync(CancellationToken.None).AsTask());

        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task ReadAsync_StreamEndsInsideAPart_DropsItAndEnds()
    {
        var reader = new MultipartJpegReader(new MemoryStream(Encoding.ASCII.GetBytes("--ffmpeg\r\nContent-length: 100\r\n\r\nshort")));

        Assert.Null(await reader.ReadAsync(CancellationToken.None));
    }
}
