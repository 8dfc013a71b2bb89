using EdgeCam.CameraCapture.Motion;

namespace EdgeCam.CameraCapture.Tests.Motion;

[Trait("Category", "Unit")]
public sealed class MotionDetectorTests
{
    // Contrast normalisation off so that expectations are plain arithmetic; its own tests are below.
    private static readonly MotionDetectorOptions Options = new() { Threshold = 25, MinArea = 0.01, MinRegionArea = 0, BackgroundAlpha = 0.05, ImproveContrast = false };

    [Fact]
    public void Process_FirstFrame_SeedsBackgroundWithoutMotion()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);

        var result = detector.Process(FrameBuilder.WithBlock(FrameBuilder.Background(), 10, 10, 20, 20));

        Assert.False(result.IsMotion);
        Assert.Equal(0, result.Score);
    }

    [Fact]
    public void Process_StaticSceneWithNoiseUnderThreshold_NoChangedPixels()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var background = FrameBuilder.Background();

        var results = Enumerable.Range(0, 30).Select(i => detector.Process(FrameBuilder.WithNoise(background, 12, i))).ToList();

        Assert.All(results, r => Assert.False(r.IsMotion));
        Assert.All(results, r => Assert.Equal(0, r.ChangedPixels));
    }

    [Fact]
    public void Process_MovingBlock_OneRegionCoveringItGrownByBlurAndDilation()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var background = FrameBuilder.Background();
        detector.Process(background);

        var result = detector.Process(FrameBuilder.WithBlock(background, 20, 12, 10, 8));

        Assert.True(result.IsMotion);
        var region = Assert.Single(result.Regions.ToArray());
        Assert.InRange(region.X, 17, 19);
        Assert.InRange(region.Y, 9, 11);
        Assert.InRange(region.X + region.Width, 31, 33);
        Assert.InRange(region.Y + region.Height, 21, 23);
        Assert.Equal(region.Area / (double)(FrameBuilder.Width * FrameBuilder.Height), result.Score, precision: 9);
    }

    [Fact]
    public void Process_TwoSeparateBlocks_TwoRegionsLargestFirst()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var background = FrameBuilder.Background();
        detector.Process(background);
        var frame = FrameBuilder.WithBlock(FrameBuilder.WithBlock(background, 2, 2, 6, 6), 40, 30, 12, 10);

        var regions = detector.Process(frame).Regions.ToArray();

        Assert.Equal(2, regions.Length);
        Assert.True(regions[0].Area > regions[1].Area);
        Assert.InRange(regions[0].X, 37, 40);
        Assert.InRange(regions[1].X, 0, 2);
    }

    [Fact]
    public void Process_RegionsSmallerThanMinRegionArea_DoNotCountTowardsMotion()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options with { MinRegionArea = 0.02 });
        var background = FrameBuilder.Background();
        detector.Process(background);
        var specks = FrameBuilder.WithBlock(FrameBuilder.WithBlock(FrameBuilder.WithBlock(background, 5, 5, 3, 3), 30, 20, 3, 3), 50, 40, 3, 3);

        var result = detector.Process(specks);

        Assert.False(result.IsMotion);
        Assert.True(result.ChangedPixels > 0);
        Assert.Equal(0, result.Regions.Length);
    }

    [Fact]
    public void Process_ObjectThatStays_IsLearnedIntoTheBackground()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options with { ChangedAlpha = 0.2 });
        var background = FrameBuilder.Background();
        detector.Process(background);
        var parked = FrameBuilder.WithBlock(background, 20, 12, 10, 8);

        var results = Enumerable.Range(0, 40).Select(_ => detector.Process(parked).IsMotion).ToList();

        Assert.True(results[0]);
        Assert.False(results[^1]);
    }

    [Fact]
    public void Process_WholeFrameBrightens_SuppressedThenQuietAfterRelearning()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options with { RelearnFrames = 3 });
        var background = FrameBuilder.Background();
        detector.Process(background);
        var bright = background.Select(p => (byte)(p + 60)).ToArray();

        var results = Enumerable.Range(0, 6).Select(_ => detector.Process(bright)).ToList();

        Assert.All(results, r => Assert.False(r.IsMotion));
        Assert.True(results[0].Suppressed);
        Assert.Equal(1, detector.WholeFrameChanges);
        Assert.False(results[^1].Suppressed);
        Assert.Equal(0, results[^1].ChangedPixels);
    }

    [Fact]
    public void Process_GainRampOverWholeFrame_BackgroundFollowsWithoutChangedPixels()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var background = FrameBuilder.Background();
        detector.Process(background);

        var results = Enumerable.Range(1, 20).Select(n => detector.Process(Gain(background, 1 + (0.02 * n)))).ToList();

        Assert.All(results, r => Assert.Equal(0, r.ChangedPixels));
        Assert.Equal(0, detector.WholeFrameChanges);
        Assert.True(detector.GlobalLightChanges > 0);
    }

    [Fact]
    public void Process_GainRampWithFollowGlobalLightOff_BrightPixelsChange()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options with { FollowGlobalLight = false });
        var background = FrameBuilder.Background();
        detector.Process(background);

        var results = Enumerable.Range(1, 20).Select(n => detector.Process(Gain(background, 1 + (0.02 * n)))).ToList();

        Assert.Contains(results, r => r.ChangedPixels > 0);
        Assert.Equal(0, detector.GlobalLightChanges);
    }

    [Fact]
    public void Process_BlockDuringGainRamp_StillMotionAroundTheBlock()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var background = FrameBuilder.Background();
        detector.Process(background);
        for (var n = 1; n < 10; n++)
        {
            detector.Process(Gain(background, 1 + (0.02 * n)));
        }

        var result = detector.Process(FrameBuilder.WithBlock(Gain(background, 1.2), 20, 12, 10, 8));

        Assert.True(result.IsMotion);
        var region = Assert.Single(result.Regions.ToArray());
        Assert.InRange(region.X, 17, 19);
        Assert.InRange(region.X + region.Width, 31, 33);
    }

    [Fact]
    public void Relearn_Called_NextFramesReportNothingAndReseed()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options with { RelearnFrames = 2 });
        var background = FrameBuilder.Background();
        detector.Process(background);
        var changed = FrameBuilder.WithBlock(background, 20, 12, 10, 8);

        detector.Relearn();
        var during = detector.Process(changed);
        detector.Process(changed);
        var after = detector.Process(changed);

        Assert.True(during.Suppressed);
        Assert.False(after.IsMotion);
        Assert.Equal(0, after.ChangedPixels);
    }

    [Fact]
    public void Process_BlockInsideMask_Ignored()
    {
        var mask = new NormalisedPolygon([new(0.25, 0.2), new(0.55, 0.2), new(0.55, 0.5), new(0.25, 0.5)]);
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options with { Masks = [mask] });
        var background = FrameBuilder.Background();
        detector.Process(background);

        var result = detector.Process(FrameBuilder.WithBlock(background, 20, 12, 10, 8));

        Assert.False(result.IsMotion);
        Assert.Equal(0, result.ChangedPixels);
    }

    [Fact]
    public void Process_BlockTouchingOneZone_ReportsThatZoneOnly()
    {
        var left = new MotionZone("left", new NormalisedPolygon([new(0, 0), new(0.5, 0), new(0.5, 1), new(0, 1)]));
        var right = new MotionZone("right", new NormalisedPolygon([new(0.7, 0), new(1, 0), new(1, 1), new(0.7, 1)]));
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options with { Zones = [left, right] });
        var background = FrameBuilder.Background();
        detector.Process(background);

        var result = detector.Process(FrameBuilder.WithBlock(background, 20, 12, 10, 8));

        Assert.Equal(0b01, result.Zones);
        Assert.Equal(0b01, result.Regions.Span[0].Zones);
    }

    [Fact]
    public void Process_DarkLowContrastScene_ContrastStretchMakesADimObjectVisible()
    {
        var dim = FrameBuilder.Background().Select(p => (byte)(20 + ((p - 80) / 4))).ToArray();
        var withObject = FrameBuilder.WithBlock(dim, 20, 12, 10, 8, value: 45);
        var plain = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var stretched = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options with { ImproveContrast = true });
        plain.Process(dim);
        stretched.Process(dim);

        Assert.False(plain.Process(withObject).IsMotion);
        Assert.True(stretched.Process(withObject).IsMotion);
    }

    [Fact]
    public void Process_WrongFrameSize_ThrowsNamingSizes()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);

        var ex = Assert.Throws<ArgumentException>(() => detector.Process(new byte[10]));

        Assert.Contains("64x48", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_ThresholdRaisedThenLowered_NextFrameUsesTheNewThresholdAndKeepsTheBackground()
    {
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var background = FrameBuilder.Background();
        detector.Process(background);
        var withBlock = FrameBuilder.WithBlock(background, 20, 12, 10, 8);

        detector.Update(Options with { Threshold = 254 });
        var ignored = detector.Process(withBlock);
        detector.Update(Options);
        var seen = detector.Process(withBlock);

        Assert.Equal((false, 0), (ignored.IsMotion, ignored.ChangedPixels));
        Assert.True(seen.IsMotion);
        Assert.Same(Options, detector.Options);
    }

    [Fact]
    public void Update_MaskAdded_NextFrameIgnoresTheMaskedBlock()
    {
        var mask = new NormalisedPolygon([new(0.25, 0.2), new(0.55, 0.2), new(0.55, 0.5), new(0.25, 0.5)]);
        var detector = new MotionDetector(FrameBuilder.Width, FrameBuilder.Height, Options);
        var background = FrameBuilder.Background();
        detector.Process(background);

        detector.Update(Options with { Masks = [mask] });
        var result = detector.Process(FrameBuilder.WithBlock(background, 20, 12, 10, 8));

        Assert.Equal(0, result.ChangedPixels);
    }

    private static byte[] Gain(byte[] frame, double gain) => frame.Select(p => (byte)Math.Min(255, Math.Round(p * gain))).ToArray();
}
