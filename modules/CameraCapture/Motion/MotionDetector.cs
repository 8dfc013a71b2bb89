namespace EdgeCam.CameraCapture.Motion;

/// <summary>
/// Motion detection v1 on 8-bit gray frames: absolute difference against a running-average background, a per-pixel
/// threshold, the changed share of the frame against a minimum area, and connected regions of changed pixels.
/// <para>
/// The first frame (and the first after <see cref="Reset"/>) only seeds the background. Every frame is then blended
/// into the background with <see cref="MotionDetectorOptions.BackgroundAlpha"/>, so slow light changes fade in
/// instead of triggering. Not thread-safe: one detector per camera, fed in order.
/// </para>
/// </summary>
public sealed class MotionDetector
{
    private readonly MotionDetectorOptions _options;
    private readonly float[] _background;
    private readonly byte[] _mask;
    private readonly RegionFinder _regions;
    private readonly int _minChangedPixels;
    private bool _hasBackground;

    /// <summary>A detector for frames of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public MotionDetector(int width, int height, MotionDetectorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(options);
        Width = width;
        Height = height;
        _options = options;
        _background = new float[width * height];
        _mask = new byte[width * height];
        _regions = new RegionFinder(width, height);
        _minChangedPixels = Math.Max(1, (int)Math.Ceiling(options.MinArea * width * height));
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Forgets the background: the next frame seeds it (for example after the picture switched to IR).</summary>
    public void Reset() => _hasBackground = false;

    /// <summary>Re-learns the background from the next frame: night vision calls this on every IR switch.</summary>
    public void Relearn() => Reset();

    /// <summary>Compares <paramref name="pixels"/> with the background, then learns it.</summary>
    public MotionResult Process(ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length != _background.Length)
        {
            throw new ArgumentException($"Expected a {Width}x{Height} frame ({_background.Length} bytes), got {pixels.Length} bytes.", nameof(pixels));
        }

        if (!_hasBackground)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                _background[i] = pixels[i];
            }

            _hasBackground = true;
            return MotionResult.None;
        }

        var changed = DifferenceAndLearn(pixels);
        if (changed == 0)
        {
            return MotionResult.None;
        }

        var isMotion = changed >= _minChangedPixels;
        var regions = isMotion ? _regions.Find(_mask, _options.MinRegionPixels, _options.MaxRegions) : [];
        return new MotionResult(isMotion, (double)changed / pixels.Length, changed, regions);
    }

    // One pass: mark pixels that differ by more than the threshold, then blend the frame into the background.
    private int DifferenceAndLearn(ReadOnlySpan<byte> pixels)
    {
        var threshold = (float)_options.Threshold;
        var alpha = (float)_options.BackgroundAlpha;
        var background = _background.AsSpan();
        var mask = _mask.AsSpan();
        var changed = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            float value = pixels[i];
            var delta = value - background[i];
            if (MathF.Abs(delta) > threshold)
            {
                mask[i] = 1;
                changed++;
            }
            else
            {
                mask[i] = 0;
            }

            background[i] += alpha * delta;
        }

        return changed;
    }
}
