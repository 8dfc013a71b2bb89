using EdgeCam.Media.Capture;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>What the module does after a capture session ended.</summary>
internal enum NextStep
{
    /// <summary>Stopped on request: report <c>stopped</c>.</summary>
    Stop,

    /// <summary>A file played once reached its end: report <c>ended</c>.</summary>
    End,

    /// <summary>A file or device that cannot be opened: report <c>failed</c>; only a settings change starts again.</summary>
    Fail,

    /// <summary>The volume is full: report <c>waitingForSpace</c>, wait for room, then start a new session.</summary>
    WaitForSpace,

    /// <summary>A live source dropped (or a network camera cannot be reached yet): restart after the backoff.</summary>
    Restart,
}

/// <summary>
/// Decides the <see cref="NextStep"/> from how the session ended. A full disk comes before every failure rule: ffmpeg
/// that cannot write a segment fails like a source that cannot be opened (no frame yet) or one that dropped, and
/// either would otherwise be final for files and devices.
/// </summary>
internal static class CaptureExitDecision
{
    /// <param name="exit">How the capture process ended.</param>
    /// <param name="source">The source it read.</param>
    /// <param name="volumeLow">The shared volume has less free space than capture needs (read after the exit).</param>
    public static NextStep Decide(CaptureExit exit, CaptureSource source, bool volumeLow)
    {
        ArgumentNullException.ThrowIfNull(exit);
        ArgumentNullException.ThrowIfNull(source);
        return exit.Reason switch
        {
            CaptureExitReason.Stopped => NextStep.Stop,
            CaptureExitReason.SourceUnavailable or CaptureExitReason.Interrupted when DiskFull.Explains(exit.Error) || volumeLow => NextStep.WaitForSpace,
            CaptureExitReason.EndOfStream when source.IsFinite => NextStep.End,
            CaptureExitReason.SourceUnavailable when source.Kind != CaptureSourceKind.Rtsp => NextStep.Fail,
            _ => NextStep.Restart,
        };
    }
}
