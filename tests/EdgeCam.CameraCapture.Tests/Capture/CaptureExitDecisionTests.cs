using EdgeCam.CameraCapture.Capture;
using EdgeCam.Media.Capture;

namespace EdgeCam.CameraCapture.Tests.Capture;

[Trait("Category", "Unit")]
public sealed class CaptureExitDecisionTests
{
    private const string TrailerEnospc = "Capture of '/dev/video0' stopped unexpectedly (ffmpeg exit 1): [segment @ 0x5] Failure occurred when ending segment 'seg_000012.ts' | Error writing trailer of seg_%06d.ts: No space left on device";
    private static readonly CaptureSource Device = CaptureSource.Parse("/dev/video0");
    private static readonly CaptureSource FileOnce = CaptureSource.Parse("/videos/porch.mp4", realtime: true, loop: false);
    private static readonly CaptureSource Rtsp = CaptureSource.Parse("rtsp://127.0.0.1:8554/cam");

    [Fact]
    public void Decide_EnospcWhileRecordingADevice_WaitsForSpace()
    {
        Assert.Equal(NextStep.WaitForSpace, CaptureExitDecision.Decide(Exit(CaptureExitReason.Interrupted, TrailerEnospc), Device, volumeLow: false));
    }

    [Fact]
    public void Decide_EnospcBeforeTheFirstFrameOfAFile_WaitsForSpaceInsteadOfFailing()
    {
        var exit = Exit(CaptureExitReason.SourceUnavailable, "Cannot open file source '/videos/porch.mp4': seg_000000.ts: No space left on device");

        Assert.Equal(NextStep.WaitForSpace, CaptureExitDecision.Decide(exit, FileOnce, volumeLow: false));
    }

    [Fact]
    public void Decide_DeviceFailsWithAnotherErrorOnALowVolume_WaitsForSpace()
    {
        var exit = Exit(CaptureExitReason.SourceUnavailable, "Cannot open device source '/dev/video0': Invalid argument");

        Assert.Equal(NextStep.WaitForSpace, CaptureExitDecision.Decide(exit, Device, volumeLow: true));
    }

    [Fact]
    public void Decide_DeviceCannotBeOpenedWithRoomOnDisk_Fails()
    {
        var exit = Exit(CaptureExitReason.SourceUnavailable, "Cannot open device source '/dev/video0': No such file or directory");

        Assert.Equal(NextStep.Fail, CaptureExitDecision.Decide(exit, Device, volumeLow: false));
    }

    [Fact]
    public void Decide_StoppedOnALowVolume_Stops()
    {
        Assert.Equal(NextStep.Stop, CaptureExitDecision.Decide(Exit(CaptureExitReason.Stopped, null), FileOnce, volumeLow: true));
    }

    [Fact]
    public void Decide_FileEndedCleanlyOnALowVolume_Ends()
    {
        Assert.Equal(NextStep.End, CaptureExitDecision.Decide(Exit(CaptureExitReason.EndOfStream, null), FileOnce, volumeLow: true));
    }

    [Fact]
    public void Decide_NetworkCameraUnreachableWithRoomOnDisk_Restarts()
    {
        var exit = Exit(CaptureExitReason.SourceUnavailable, "Cannot open rtsp source 'rtsp://127.0.0.1:8554/cam': Connection refused");

        Assert.Equal(NextStep.Restart, CaptureExitDecision.Decide(exit, Rtsp, volumeLow: false));
    }

    [Fact]
    public void Decide_LiveDeviceDroppedWithRoomOnDisk_Restarts()
    {
        var exit = Exit(CaptureExitReason.Interrupted, "Capture of '/dev/video0' stopped unexpectedly (ffmpeg exit 1): No such device");

        Assert.Equal(NextStep.Restart, CaptureExitDecision.Decide(exit, Device, volumeLow: false));
    }

    private static CaptureExit Exit(CaptureExitReason reason, string? error) => new(reason, reason == CaptureExitReason.EndOfStream ? 0 : 1, error, 10, 0);
}
