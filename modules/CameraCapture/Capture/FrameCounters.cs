namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// The camera's frame counters since the module started, counted as frames arrive and readable at any time (the
/// periodic <c>cameraFrameCounts</c> message reads them while capture runs, <c>cameraHealth</c> at each state change).
/// Frames dropped are the capture process's own count while it runs, added to the total when it exits. Thread-safe.
/// </summary>
internal sealed class FrameCounters
{
    private readonly object _gate = new();
    private long _analysed;
    private long _droppedBefore;
    private Func<long>? _droppedNow;

    /// <summary>One analysis frame reached the detector.</summary>
    public void FrameAnalysed() => Interlocked.Increment(ref _analysed);

    /// <summary>A capture process started; <paramref name="droppedSoFar"/> reads its drop count.</summary>
    public void ProcessStarted(Func<long> droppedSoFar)
    {
        lock (_gate)
        {
            _droppedNow = droppedSoFar;
        }
    }

    /// <summary>The capture process exited having dropped <paramref name="dropped"/> frames.</summary>
    public void ProcessEnded(long dropped)
    {
        lock (_gate)
        {
            _droppedBefore += dropped;
            _droppedNow = null;
        }
    }

    /// <summary>The totals now.</summary>
    public (long Analysed, long Dropped) Read()
    {
        lock (_gate)
        {
            return (Interlocked.Read(ref _analysed), _droppedBefore + (_droppedNow?.Invoke() ?? 0));
        }
    }
}
