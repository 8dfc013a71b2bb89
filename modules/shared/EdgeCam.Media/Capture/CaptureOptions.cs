namespace EdgeCam.Media.Capture;

/// <summary>How one capture process records a source and what analysis frames it produces.</summary>
public sealed record CaptureOptions
{
    /// <summary>The camera, device or file to read.</summary>
    public required CaptureSource Source { get; init; }

    /// <summary>
    /// A second input the analysis frames (and the colour snapshot frames) come from instead of <see cref="Source"/>: a
    /// camera's low-resolution sub stream, so the recorded main stream is stream-copied and never decoded (null: analyse
    /// <see cref="Source"/>). Cannot be libcamera (its pipe is the main input's).
    /// </summary>
    public CaptureSource? AnalysisSource { get; init; }

    /// <summary>What <see cref="SourceProbe"/> found in <see cref="AnalysisSource"/> (its shape sets the analysis frame's), or null.</summary>
    public SourceVideo? AnalysisVideo { get; init; }

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

    /// <summary>
    /// For a device: the V4L2 pixel format asked for. <c>h264</c> (the default) is stream-copied into the segments; any
    /// other (<c>yuyv422</c>, <c>mjpeg</c>, …) is decoded and encoded with libx264 <c>ultrafast</c>, since segments must
    /// be H.264 (costs CPU: prefer a camera that encodes).
    /// </summary>
    public string InputFormat { get; init; } = "h264";

    /// <summary>For a device or libcamera: the capture size and rate asked of the camera (null: the camera's default).</summary>
    public int? CaptureWidth { get; init; }

    /// <summary>See <see cref="CaptureWidth"/>.</summary>
    public int? CaptureHeight { get; init; }

    /// <summary>For a device or libcamera: frames per second asked of the camera (libcamera defaults to 15).</summary>
    public double? CaptureFramesPerSecond { get; init; }

    /// <summary>Where to look for <c>rpicam-vid</c>/<c>libcamera-vid</c> (a PATH-style list; null: the PATH variable).</summary>
    public string? ToolSearchPath { get; init; }

    /// <summary>
    /// What <see cref="SourceProbe"/> found in a file or RTSP source (codec, size, timestamps), or null when not probed
    /// (devices and libcamera: their size comes from <see cref="CaptureWidth"/>/<see cref="CaptureHeight"/>).
    /// </summary>
    public SourceVideo? Video { get; init; }

    /// <summary>The H.264 encoder for a source that is not copied.</summary>
    public SegmentEncoder Encoder { get; init; } = SegmentEncoder.Auto;

    /// <summary>
    /// True when the segments are stream-copied: a file or RTSP camera only when it is H.264 or HEVC with timestamps (as
    /// probed; not probed: copied), a device only when it delivers H.264; libcamera always (it delivers H.264). Anything
    /// else (an MJPEG camera, MPEG-4 part 2...) is encoded to H.264.
    /// </summary>
    public bool CopiesVideo => Source.Kind switch
    {
        CaptureSourceKind.Device => string.Equals(InputFormat, "h264", StringComparison.OrdinalIgnoreCase),
        CaptureSourceKind.File or CaptureSourceKind.Rtsp => Video is null || Video.CanBeCopied,
        _ => true,
    };

    /// <summary>
    /// The size of the gray analysis frames: the source's shape (when known) fitted into
    /// <see cref="AnalysisWidth"/>×<see cref="AnalysisHeight"/>, with even sides; the box itself when the source's size is unknown.
    /// </summary>
    public (int Width, int Height) AnalysisFrameSize
    {
        get
        {
            var (width, height) = (AnalysisSource is null ? Video : AnalysisVideo) is { } video
                ? (video.Width, video.Height)
                : AnalysisSource is null ? (CaptureWidth ?? 0, CaptureHeight ?? 0) : (0, 0);
            return AnalysisFit.Fit(AnalysisWidth, AnalysisHeight, width, height);
        }
    }

    /// <summary>The ffmpeg executable (a name on PATH or a path).</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>
    /// A third output: colour JPEGs of the camera's own frames (full size) at <see cref="ColourFramesPerSecond"/>, sent to
    /// this URL (the capture process's <c>unix:</c> socket; null: no colour output).
    /// </summary>
    public string? ColourFramesUrl { get; init; }

    /// <summary>Request the colour output: <see cref="CaptureProcess.Start"/> opens its socket and sets <see cref="ColourFramesUrl"/>.</summary>
    public bool ColourFrames { get; init; }

    /// <summary>Colour JPEGs per second: 1, a snapshot at most a second after the moment asked for, for little CPU.</summary>
    public double ColourFramesPerSecond { get; init; } = 1;

    /// <summary>JPEG quality of the colour frames on ffmpeg's <c>-q:v</c> scale, 2 (best) to 31.</summary>
    public int ColourQuality { get; init; } = 4;

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

        if (AnalysisSource is { Kind: CaptureSourceKind.Libcamera })
        {
            throw new ArgumentException("AnalysisSource cannot be libcamera: only the main source can read the Pi camera's pipe.", nameof(AnalysisSource));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FrameQueueCapacity);
        ArgumentException.ThrowIfNullOrWhiteSpace(InputFormat);
        if ((CaptureWidth is null) != (CaptureHeight is null) || CaptureWidth is < 16 || CaptureHeight is < 16)
        {
            throw new ArgumentException("CaptureWidth and CaptureHeight go together and must be at least 16.", nameof(CaptureWidth));
        }

        if (ColourFramesPerSecond is <= 0 or > 30 || ColourQuality is < 2 or > 31)
        {
            throw new ArgumentException("ColourFramesPerSecond must be in (0, 30] and ColourQuality in 2..31.", nameof(ColourFramesPerSecond));
        }

        if (CaptureFramesPerSecond is <= 0 or > 120)
        {
            throw new ArgumentException("CaptureFramesPerSecond must be in (0, 120].", nameof(CaptureFramesPerSecond));
        }
    }
}
