using EdgeCam.CameraCapture.Snapshots;
using EdgeCam.Testing;

namespace EdgeCam.CameraCapture.Tests.Snapshots;

/// <summary>The managed gray JPEG encoder, decoded by the real ffmpeg: size, fidelity (PSNR) and what ffprobe sees.</summary>
[Trait("Category", "Integration")]
public sealed class GrayJpegEncoderTests
{
    private const int DefaultQscale = 4;

    [Theory]
    // Measured at qscale 4 (IJG 75): gradient 51.8 dB, checkerboard 29.2 dB, noise 28.6 dB (ffmpeg's own encoder at
    // -q:v 4, same sizes within 10 %: 53.9, 33.0, 33.2 dB). The bounds leave a few dB of margin for decoder differences.
    [InlineData("gradient", 320, 180, 45.0)]
    [InlineData("gradient", 321, 179, 45.0)]
    [InlineData("checkerboard", 321, 179, 26.0)]
    [InlineData("noise", 320, 180, 25.0)]
    public async Task WriteAsync_SyntheticImageAtDefaultQuality_FfmpegDecodesItAboveThePsnrBound(string image, int width, int height, double minimumPsnr)
    {
        using var temp = new TempDirectory("jpeg");
        var pixels = Image(image, width, height);

        var (decoded, _) = await EncodeAndDecodeAsync(temp, pixels, width, height, DefaultQscale);

        Assert.Equal(width * height, decoded.Length);
        var psnr = GrayImages.Psnr(pixels, decoded);
        Assert.True(psnr >= minimumPsnr, $"{image} {width}x{height}: PSNR {psnr:0.00} dB, expected at least {minimumPsnr} dB");
    }

    [Fact]
    public async Task WriteAsync_OnePixel_FfmpegDecodesThatPixel()
    {
        using var temp = new TempDirectory("jpeg");

        var (decoded, _) = await EncodeAndDecodeAsync(temp, [200], 1, 1, DefaultQscale);

        var pixel = Assert.Single(decoded);
        Assert.InRange(pixel, 198, 202);
    }

    [Theory]
    [InlineData(320, 180)]
    [InlineData(321, 179)]
    [InlineData(1, 1)]
    [InlineData(7, 9)]
    public async Task WriteAsync_AnySize_FfprobeSeesGrayMjpegOfThatSize(int width, int height)
    {
        using var temp = new TempDirectory("jpeg");
        var path = temp.Combine("probe.jpg");
        await SnapshotFile.WriteAsync(GrayImages.Gradient(width, height), width, height, DefaultQscale, path, CancellationToken.None);

        var stream = await FfmpegJpeg.ProbeAsync(path);

        Assert.Equal("mjpeg", stream["codec_name"]);
        Assert.Equal("gray", stream["pix_fmt"]);
        Assert.Equal(width.ToString(System.Globalization.CultureInfo.InvariantCulture), stream["width"]);
        Assert.Equal(height.ToString(System.Globalization.CultureInfo.InvariantCulture), stream["height"]);
    }

    [Theory]
    [InlineData("gradient")]
    [InlineData("checkerboard")]
    [InlineData("noise")]
    public async Task WriteAsync_HigherQuality_LargerFileAndHigherPsnr(string image)
    {
        using var temp = new TempDirectory("jpeg");
        var pixels = Image(image, 321, 179);
        var results = new List<(int Qscale, long Bytes, double Psnr)>();

        foreach (var qscale in new[] { 31, 8, DefaultQscale, 2 })
        {
            var (decoded, bytes) = await EncodeAndDecodeAsync(temp, pixels, 321, 179, qscale);
            results.Add((qscale, bytes, GrayImages.Psnr(pixels, decoded)));
        }

        // Best last: each step towards 2 must be bigger and closer to the original.
        for (var i = 1; i < results.Count; i++)
        {
            Assert.True(results[i].Bytes > results[i - 1].Bytes, $"{image}: {string.Join(", ", results)}");
            Assert.True(results[i].Psnr > results[i - 1].Psnr, $"{image}: {string.Join(", ", results)}");
        }
    }

    [Fact]
    public async Task WriteAsync_ExistingFile_ReplacedAndNoTemporaryLeft()
    {
        using var temp = new TempDirectory("jpeg");
        var path = temp.Combine("snapshots", "cam", "event.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "old");

        await SnapshotFile.WriteAsync(GrayImages.Noise(64, 48), 64, 48, DefaultQscale, path, CancellationToken.None);

        Assert.Equal([0xFF, 0xD8], (await File.ReadAllBytesAsync(path))[..2]);
        Assert.Equal(["event.jpg"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    private static byte[] Image(string name, int width, int height) => name switch
    {
        "gradient" => GrayImages.Gradient(width, height),
        "checkerboard" => GrayImages.Checkerboard(width, height),
        "noise" => GrayImages.Noise(width, height),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown test image"),
    };

    private static async Task<(byte[] Decoded, long Bytes)> EncodeAndDecodeAsync(TempDirectory temp, byte[] pixels, int width, int height, int qscale)
    {
        var path = temp.Combine($"q{qscale}-{width}x{height}.jpg");
        await SnapshotFile.WriteAsync(pixels, width, height, qscale, path, CancellationToken.None);
        return (await FfmpegJpeg.DecodeGrayAsync(path), new FileInfo(path).Length);
    }
}
