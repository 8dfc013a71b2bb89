using EdgeCam.CameraCapture.Motion;

namespace EdgeCam.CameraCapture.Tests.Motion;

[Trait("Category", "Unit")]
public sealed class GlobalToneShiftTests
{
    private const int Width = 64;
    private const int Height = 48;
    private const int Threshold = 25;
    private static readonly byte[] All = Enumerable.Repeat((byte)255, Width * Height).ToArray();

    [Fact]
    public void Follow_SteadyFrameWithNoise_ReturnsFalseAndLeavesTheBackground()
    {
        var frame = FrameBuilder.WithNoise(FrameBuilder.Background(), 3, seed: 1);
        var background = AsBackground(FrameBuilder.Background());
        var before = background.ToArray();

        var moved = new GlobalToneShift().Follow(frame, All, background, Width, Height, Threshold, SimdPath.Scalar);

        Assert.False(moved);
        Assert.Equal(before, background);
    }

    [Fact]
    public void Follow_UniformOffsetUnderThreshold_BackgroundMovesByIt()
    {
        var background = AsBackground(FrameBuilder.Background());
        var frame = FrameBuilder.Background().Select(p => (byte)(p + 12)).ToArray();

        var moved = new GlobalToneShift().Follow(frame, All, background, Width, Height, Threshold, SimdPath.Scalar);

        Assert.True(moved);
        AssertWithin(frame, background, 0.5);
    }

    [Fact]
    public void Follow_GammaCurveWithClippedHighlights_BackgroundFollowsWithinFourLevels()
    {
        var scene = Ramp();
        var background = AsBackground(scene);
        var frame = scene.Select(p => (byte)Math.Min(255, Math.Round(255 * Math.Pow(p / 255.0, 0.9) * 1.03))).ToArray();
        Assert.True(frame.Zip(scene).Max(f => f.First - f.Second) <= Threshold, "the test's change must stay under the threshold");

        var moved = new GlobalToneShift().Follow(frame, All, background, Width, Height, Threshold, SimdPath.Scalar);

        Assert.True(moved);
        AssertWithin(frame, background, 4); // a quadratic cannot bend sharply at the clipping knee
    }

    [Fact]
    public void Follow_ObjectOverPartOfTheFrameDuringAnOffset_BackgroundFollowsTheOffsetNotTheObject()
    {
        var background = AsBackground(FrameBuilder.Background());
        var lit = FrameBuilder.Background().Select(p => (byte)(p + 8)).ToArray();
        var frame = FrameBuilder.WithBlock(lit, 10, 10, 24, 20, value: 250);

        var moved = new GlobalToneShift().Follow(frame, All, background, Width, Height, Threshold, SimdPath.Scalar);

        Assert.True(moved);
        AssertWithin(lit, background, 1);
    }

    [Fact]
    public void Follow_ChangeAboveThresholdOverMostOfTheFrame_LeavesItToTheWholeFrameRule()
    {
        var background = AsBackground(FrameBuilder.Background());
        var before = background.ToArray();
        var frame = FrameBuilder.Background().Select(p => (byte)(p + 40)).ToArray();

        var moved = new GlobalToneShift().Follow(frame, All, background, Width, Height, Threshold, SimdPath.Scalar);

        Assert.False(moved);
        Assert.Equal(before, background);
    }

    [Fact]
    public void Follow_ChangeOnlyInsideTheMask_NotSampled()
    {
        var background = AsBackground(FrameBuilder.Background());
        var before = background.ToArray();
        var frame = FrameBuilder.Background().Select((p, i) => (byte)(i < Width * Height / 2 ? p + 15 : p)).ToArray();
        var include = All.Select((_, i) => (byte)(i < Width * Height / 2 ? 0 : 255)).ToArray();

        var moved = new GlobalToneShift().Follow(frame, include, background, Width, Height, Threshold, SimdPath.Scalar);

        Assert.False(moved);
        Assert.Equal(before, background);
    }

    // Levels 10–250 across the frame, so that every bin of the tone curve is populated.
    private static byte[] Ramp() => Enumerable.Range(0, Width * Height).Select(i => (byte)(10 + (240 * (i % Width) / (Width - 1)))).ToArray();

    private static float[] AsBackground(byte[] frame) => frame.Select(p => (float)p).ToArray();

    private static void AssertWithin(byte[] expected, float[] actual, double tolerance)
    {
        var worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= tolerance, $"background off the frame by up to {worst:0.00} levels (allowed {tolerance})");
    }
}
