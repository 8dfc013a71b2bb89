using EdgeCam.Media.Capture;

namespace EdgeCam.Media.Tests.Capture;

public sealed class AnalysisFitTests
{
    [Theory]
    [InlineData(1280, 720, 320, 180)]
    [InlineData(1920, 1080, 320, 180)]
    [InlineData(640, 480, 240, 180)]
    [InlineData(720, 1280, 100, 180)]
    [InlineData(1080, 1920, 100, 180)]
    [InlineData(2560, 720, 320, 90)]
    [InlineData(0, 0, 320, 180)]
    public void Fit_SourceInto320x180_KeepsShapeWithEvenSides(int sourceWidth, int sourceHeight, int width, int height)
    {
        Assert.Equal((width, height), AnalysisFit.Fit(320, 180, sourceWidth, sourceHeight));
    }

    [Fact]
    public void Fit_VeryNarrowSource_NoSideBelowMinimum()
    {
        Assert.Equal((AnalysisFit.MinimumSide, 180), AnalysisFit.Fit(320, 180, 40, 4000));
    }
}
