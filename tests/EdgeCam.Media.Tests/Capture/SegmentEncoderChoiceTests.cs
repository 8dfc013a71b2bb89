using EdgeCam.Media.Capture;

namespace EdgeCam.Media.Tests.Capture;

public sealed class SegmentEncoderChoiceTests
{
    [Theory]
    [InlineData(SegmentEncoder.Auto, true, SegmentEncoder.V4l2m2m)]
    [InlineData(SegmentEncoder.Auto, false, SegmentEncoder.X264)]
    [InlineData(SegmentEncoder.X264, true, SegmentEncoder.X264)]
    [InlineData(SegmentEncoder.V4l2m2m, false, SegmentEncoder.V4l2m2m)]
    public void Resolve_WithOrWithoutHardwareEncoderDevice_PicksEncoder(SegmentEncoder setting, bool device, SegmentEncoder expected)
    {
        Assert.Equal(expected, SegmentEncoderChoice.Resolve(setting, path => device && path == SegmentEncoderChoice.HardwareEncoderDevice));
    }

    [Fact]
    public void Arguments_V4l2m2m_HardwareEncoderWithForcedKeyframes()
    {
        var args = SegmentEncoderChoice.Arguments(SegmentEncoder.V4l2m2m);

        Assert.Equal("h264_v4l2m2m", args[args.ToList().IndexOf("-c:v") + 1]);
        Assert.Equal("expr:gte(t,n_forced*2)", args[^1]);
    }
}
