using EdgeCam.CameraCapture.Motion;

namespace EdgeCam.CameraCapture.Tests.Motion;

[Trait("Category", "Unit")]
public sealed class MotionDetectorSimdTests
{
    // Odd sizes so that every vector loop has a scalar tail; the scene has texture, noise, moving blocks, a gain drift
    // (which the background follows, GlobalToneShift) and a light step.
    [Theory]
    [InlineData(SimdPath.Vector128, 101, 37)]
    [InlineData(SimdPath.Vector256, 101, 37)]
    [InlineData(SimdPath.Vector128, 320, 180)]
    [InlineData(SimdPath.Vector256, 320, 180)]
    public void Process_VectorPath_StageOutputsIdenticalToScalar(SimdPath path, int width, int height)
    {
        var options = new MotionDetectorOptions { MinRegionArea = 0.0005, RelearnFrames = 2 };
        var scalar = new MotionDetector(width, height, options with { SimdPath = SimdPath.Scalar });
        var vector = new MotionDetector(width, height, options with { SimdPath = path });

        for (var frame = 0; frame < 40; frame++)
        {
            var pixels = Scene(width, height, frame);
            var expected = scalar.Process(pixels);
            var actual = vector.Process(pixels);

            Assert.Equal(scalar.ContrastRange, vector.ContrastRange);
            Assert.True(scalar.Blurred.SequenceEqual(vector.Blurred), $"blurred frame differs at frame {frame}");
            Assert.True(scalar.ChangedMask.SequenceEqual(vector.ChangedMask), $"difference mask differs at frame {frame}");
            Assert.True(scalar.DilatedMask.SequenceEqual(vector.DilatedMask), $"dilated mask differs at frame {frame}");
            Assert.True(scalar.Background.SequenceEqual(vector.Background), $"background differs at frame {frame}");
            Assert.Equal((expected.IsMotion, expected.Score, expected.ChangedPixels, expected.Suppressed), (actual.IsMotion, actual.Score, actual.ChangedPixels, actual.Suppressed));
            Assert.Equal(expected.Regions.ToArray(), actual.Regions.ToArray());
        }

        Assert.True(scalar.GlobalLightChanges > 0, "the scene's gain drift should move the background");
        Assert.Equal(scalar.GlobalLightChanges, vector.GlobalLightChanges);
    }

    [Fact]
    public void Path_ScalarRequested_IsScalar()
    {
        var detector = new MotionDetector(64, 48, new MotionDetectorOptions { SimdPath = SimdPath.Scalar });

        Assert.Equal(SimdPath.Scalar, detector.Path);
    }

    private static byte[] Scene(int width, int height, int frame)
    {
        var random = new Random(frame);
        var light = frame >= 25 ? 40 : 0;
        var gain = 1 + (0.015 * Math.Clamp(frame - 5, 0, 15));
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var value = (int)((60 + ((x * 5) + (y * 9)) % 90) * gain) + light + random.Next(-6, 7);
                var inBlock = Math.Abs(x - (frame * 3 % width)) < width / 8 && Math.Abs(y - (height / 2)) < height / 5;
                pixels[(y * width) + x] = (byte)Math.Clamp(inBlock ? 240 : value, 0, 255);
            }
        }

        return pixels;
    }
}
