namespace EdgeCam.Media.Capture;

/// <summary>Why a capture process ended.</summary>
public enum CaptureExitReason
{
    /// <summary>The source ended normally (a file reached its end, or a server closed the stream cleanly).</summary>
    EndOfStream,

    /// <summary>ffmpeg could not open the source, or it held no video: no frame was ever produced.</summary>
    SourceUnavailable,

    /// <summary>ffmpeg failed after frames had arrived (camera unplugged, network dropped).</summary>
    Interrupted,

    /// <summary>The owner stopped it.</summary>
    Stopped,
}

/// <summary>How a capture process ended.</summary>
/// <param name="Reason">The classification the module acts on.</param>
/// <param name="ExitCode">ffmpeg's exit code.</param>
/// <param name="Error">A one-line explanation (credentials masked), or null for a normal end.</param>
/// <param name="FramesRead">Analysis frames read from the process.</param>
/// <param name="FramesDropped">Analysis frames dropped because the consumer lagged (live sources only).</param>
public sealed record CaptureExit(CaptureExitReason Reason, int ExitCode, string? Error, long FramesRead, long FramesDropped);
