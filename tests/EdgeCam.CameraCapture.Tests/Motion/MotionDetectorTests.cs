using EdgeCam.CameraCapture.Motion;

namespace EdgeCam.CameraCapture.Tests.Motion;

[Trait("Category", "Unit")]
public sealed class MotionDetectorTests
{
    private static readonly MotionDetectorOptions Options = new() { Threshold = 25, MinArea = 0.01, BackgroundAlpha = 0.05 };

    [Fact]
    public void Process_FirstFrame_SeedsBackgroundWithoutMotion()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);

        var result = detector.Process(FrameBuilder.WithBlock(FrameBuilder.Background(), 10, 10, 20, 20));

        Assert.False(result.IsMotion);
        Assert.Equal(0, result.Score);
    }

    [Fact]
    public void Process_StaticSceneWithNoiseUnderThreshold_NoMotion()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var background = FrameBuilder.Background();

        var results = Enumerable.Range(0, 30).Select(i => detector.Process(FrameBuilder.WithNoise(background, 12, i))).ToList();

        Assert.All(results, r => Assert.False(r.IsMotion));
        Assert.All(results, r => Assert.Equal(0, r.ChangedPixels));
    }

    [Fact]
    public void Process_MovingBlock_MotionWithARegionCoveringIt()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var background = FrameBuilder.Background();
        detector.Process(background);

        var result = detector.Process(FrameBuilder.WithBlock(FrameBuilder.WithNoise(background, 10, 1), 20, 12, 10, 8));

        Assert.True(result.IsMotion);
        var region = Assert.Single(result.Regions);
        Assert.Equal((20, 12, 10, 8, 80), (region.X, region.Y, region.Width, region.Height, region.Area));
        Assert.Equal(80.0 / (FrameBuilder.Width * FrameBuilder.Height), result.Score, precision: 6);
    }

    [Fact]
    public void Process_TwoSeparateBlocks_TwoRegionsLargestFirst()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var background = FrameBuilder.Background();
        detector.Process(background);
        var frame = FrameBuilder.WithBlock(FrameBuilder.WithBlock(background, 2, 2, 6, 6), 40, 30, 12, 10);

        var result = detector.Process(frame);

        Assert.Equal(2, result.Regions.Count);
        Assert.Equal((40, 30, 120), (result.Regions[0].X, result.Regions[0].Y, result.Regions[0].Area));
        Assert.Equal((2, 2, 36), (result.Regions[1].X, result.Regions[1].Y, result.Regions[1].Area));
    }

    [Fact]
    public void Process_ChangeSmallerThanMinArea_NotMotion()
    {
        // 1 % of 64x48 is 31 pixels: a 5x5 block (25) stays below it, a 6x6 block (36) reaches it.
        var small = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var large = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var background = FrameBuilder.Background();
        small.Process(background);
        large.Process(background);

        var smallResult = small.Process(FrameBuilder.WithBlock(background, 30, 20, 5, 5));
        var largeResult = large.Process(FrameBuilder.WithBlock(background, 30, 20, 6, 6));

        Assert.False(smallResult.IsMotion);
        Assert.Equal(25, smallResult.ChangedPixels);
        Assert.Empty(smallResult.Regions);
        Assert.True(largeResult.IsMotion);
    }

    [Fact]
    public void Process_ObjectThatStays_IsLearnedIntoTheBackground()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options with { BackgroundAlpha = 0.2 });
        var background = FrameBuilder.Background();
        detector.Process(background);
        var parked = FrameBuilder.WithBlock(background, 20, 12, 10, 8);

        var results = Enumerable.Range(0, 40).Select(_ => detector.Process(parked)).ToList();

        Assert.True(results[0].IsMotion);
        Assert.False(results[^1].IsMotion);
    }

    [Fact]
    public void Process_WrongFrameSize_ThrowsNamingSizes()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);

        var ex = Assert.Throws<ArgumentException>(() => detector.Process(new byte[10]));

        Assert.Contains("64x48", ex.Message, StringComparison.Ordinal);
    }
}
