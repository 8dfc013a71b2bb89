using EdgeCam.CameraCapture.Capture;

namespace EdgeCam.CameraCapture.Tests.Capture;

public sealed class FrameCountersTests
{
    [Fact]
    public void Read_ProcessRunning_DropsSoFarAddedToThoseOfEndedProcesses()
    {
        var counters = new FrameCounters();
        counters.ProcessStarted(() => 4);
        counters.FrameAnalysed();
        counters.ProcessEnded(5);
        long dropping = 1;
        counters.ProcessStarted(() => dropping);
        counters.FrameAnalysed();
        counters.FrameAnalysed();

        var during = counters.Read();
        dropping = 3;
        var later = counters.Read();
        counters.ProcessEnded(3);

        Assert.Equal((3L, 6L), during);
        Assert.Equal((3L, 8L), later);
        Assert.Equal((3L, 8L), counters.Read());
    }
}
