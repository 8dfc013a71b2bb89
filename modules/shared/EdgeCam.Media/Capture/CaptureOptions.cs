namespace EdgeCam.Media.Capture;

/// <summary>How one capture process records a source and what analysis frames it produces.</summary>
public sealed record CaptureOptions
{
    /// <summary>The camera, device or file to read.</summary>
    public required CaptureSource Source { get; init; }

    /// <summary>Where segments and the segment list go (the session directory); created if missing.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Target segment length. ffmpeg cuts only at keyframes, so a segment lasts at least this long, rounded up to the GOP.</summary>
    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Width of the gray analysis frames.</summary>
    public int AnalysisWidth { get; init; } = 320;

    /// <summary>Height of the gray analysis frames.</summary>
    public int AnalysisHeight { get; init; } = 180;

    /// <summary>Analysis frames per second.</summary>
    public double AnalysisFramesPerSecond { get; init; } = 5;

    /// <summary>Analysis frames held for a slow consumer. A live source drops the oldest beyond this; a fast file waits.</summary>
    public int FrameQueueCapacity { get; init; } = 10;

    /// <summary>How long to wait for the RTSP server (connect and each read) before giving up.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The ffmpeg executable (a name on PATH or a path).</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>File name of the segment list ffmpeg writes in <see cref="OutputDirectory"/>.</summary>
    public string SegmentListFileName { get; init; } = "segments.csv";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Source);
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputDirectory);
        if (SegmentDuration < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("SegmentDuration must be at least 1 s.", nameof(SegmentDuration));
        }

        if (AnalysisWidth < 16 || AnalysisHeight < 16 || AnalysisWidth % 2 != 0 || AnalysisHeight % 2 != 0)
        {
            throw new ArgumentException("The analysis size must be even and at least 16x16.", nameof(AnalysisWidth));
        }

        if (AnalysisFramesPerSecond is <= 0 or > 30)
        {
            throw new ArgumentException("AnalysisFramesPerSecond must be in (0, 30].", nameof(AnalysisFramesPerSecond));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FrameQueueCapacity);
    }
}
