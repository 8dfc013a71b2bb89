namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// Recognises a full volume: ffmpeg says "No space left on device" (its text for ENOSPC) when a segment cannot be
/// written, and .NET raises an <see cref="IOException"/> whose HResult is the errno (28 on Linux) when the session
/// directory or <c>session.json</c> cannot be.
/// </summary>
internal static class DiskFull
{
    /// <summary>strerror(ENOSPC), as ffmpeg and .NET print it.</summary>
    public const string ErrnoText = "No space left on device";

    /// <summary>ENOSPC on Linux.</summary>
    private const int Enospc = 28;

    /// <summary>True when an error line from the capture process names ENOSPC.</summary>
    public static bool Explains(string? error) => error is not null && error.Contains(ErrnoText, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="exception"/> is a write that failed for lack of space.</summary>
    public static bool Caused(Exception exception) =>
        exception is IOException io && (io.HResult == Enospc || Explains(io.Message));
}
