namespace EdgeCam.CameraCapture.Motion;

/// <summary>
/// Motion detection on 8-bit gray frames, stage by stage:
/// contrast normalisation (<see cref="ContrastStretch"/>) → 3×3 Gaussian blur (<see cref="BinomialBlur"/>) →
/// the background moved along a frame-wide light change (<see cref="GlobalToneShift"/>) →
/// difference against a running-average background and threshold (<see cref="RunningBackground"/>, masks applied) →
/// 3×3 dilation (<see cref="MaskDilation"/>) → whole-frame change suppression → connected regions with bounding boxes
/// and zones (<see cref="RegionFinder"/>) → minimum region size and minimum total area.
/// <para>
/// The first frame, the frames after <see cref="Relearn"/> and the frames after a whole-frame change (more than
/// <see cref="MotionDetectorOptions.WholeFrameShare"/> changed at once) only re-seed the background for
/// <see cref="MotionDetectorOptions.RelearnFrames"/> frames and report nothing. Buffers are allocated once: a frame
/// allocates nothing. <see cref="Update"/> changes the tuning between two frames and keeps the learnt background.
/// Not thread-safe, except <see cref="Relearn"/>, which may be called from any thread.
/// </para>
/// </summary>
public sealed class MotionDetector
{
    private MotionDetectorOptions _options;
    private readonly SimdPath _path;
    private readonly ContrastStretch _contrast = new();
    private readonly BinomialBlur _blur;
    private readonly RunningBackground _background;
    private readonly GlobalToneShift _toneShift = new();
    private readonly MaskDilation _dilation;
    private readonly RegionFinder _regions;
    private readonly byte[] _stretched;
    private readonly byte[] _blurred;
    private readonly byte[] _changed;
    private readonly byte[] _dilated;
    private readonly byte[] _include;
    private ushort[] _zoneBits = [];
    private MotionBox[] _largest = [];
    private int _minChangedPixels;
    private int _minRegionPixels;
    private int _wholeFramePixels;
    private int _relearnLeft;
    private volatile bool _relearnRequested;

    /// <summary>A detector for frames of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public MotionDetector(int width, int height, MotionDetectorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(options);
        Width = width;
        Height = height;
        _options = options;
        _path = SimdPaths.Resolve(options.SimdPath);
        var pixels = width * height;
        _blur = new BinomialBlur(width, height);
        _background = new RunningBackground(pixels);
        _dilation = new MaskDilation(width, height);
        _regions = new RegionFinder(width, height);
        _stretched = new byte[pixels];
        _blurred = new byte[pixels];
        _changed = new byte[pixels];
        _dilated = new byte[pixels];
        _include = new byte[pixels];
        Configure(options);
        _relearnLeft = 1;
    }

    /// <summary>The tuning in force.</summary>
    public MotionDetectorOptions Options => _options;

    /// <summary>
    /// Applies new tuning from the next frame on (twin changes apply live, without restarting capture). The learnt
    /// background and contrast history stay, so the next frame is compared as usual. The code path is fixed at creation.
    /// </summary>
    public void Update(MotionDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Configure(options);
        _options = options;
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>The code path in use (<see cref="SimdPath.Auto"/> resolved).</summary>
    public SimdPath Path => _path;

    /// <summary>Frames suppressed as whole-frame changes since the detector was created.</summary>
    public long WholeFrameChanges { get; private set; }

    /// <summary>Frames on which the background followed a frame-wide light change since the detector was created.</summary>
    public long GlobalLightChanges { get; private set; }

    /// <summary>The largest shift (levels) the last frame's light change moved the background by, or 0.</summary>
    internal float LastToneShift => _toneShift.LastShift;

    /// <summary>Contrast range used for the last frame (Low, High).</summary>
    internal (int Low, int High) ContrastRange => (_contrast.Low, _contrast.High);

    internal ReadOnlySpan<byte> Blurred => _blurred;

    internal ReadOnlySpan<byte> ChangedMask => _changed;

    internal ReadOnlySpan<byte> DilatedMask => _dilated;

    internal ReadOnlySpan<float> Background => _background.Values;

    /// <summary>
    /// Re-learns the background from the next <see cref="MotionDetectorOptions.RelearnFrames"/> frames and forgets the
    /// contrast history, reporting nothing meanwhile: the picture changed for a known reason (IR switched, camera moved).
    /// Safe to call from any thread; takes effect at the next frame.
    /// </summary>
    public void Relearn() => _relearnRequested = true;

    /// <summary>Compares <paramref name="pixels"/> with the background, then learns it.</summary>
    public MotionResult Process(ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length != _blurred.Length)
        {
            throw new ArgumentException($"Expected a {Width}x{Height} frame ({_blurred.Length} bytes), got {pixels.Length} bytes.", nameof(pixels));
        }

        if (_relearnRequested)
        {
            _relearnRequested = false;
            StartRelearning();
        }

        var source = pixels;
        if (_options.ImproveContrast)
        {
            _contrast.Measure(pixels, Width, Height);
            _contrast.Apply(pixels, _stretched, _path);
            source = _stretched;
        }

        _blur.Apply(source, _blurred, _path);
        if (_relearnLeft > 0)
        {
            _relearnLeft--;
            _background.Seed(_blurred);
            return MotionResult.Relearning;
        }

        if (_options.FollowGlobalLight && _toneShift.Follow(_blurred, _include, _background.Mutable, Width, Height, _options.Threshold, _path))
        {
            GlobalLightChanges++;
        }

        _background.DifferenceAndLearn(_blurred, _include, _changed, _options.Threshold, (float)_options.BackgroundAlpha, (float)_options.ChangedAlpha, _path);
        var changed = _dilation.Apply(_changed, _include, _dilated, _path);
        if (changed == 0)
        {
            return MotionResult.None;
        }

        if (changed > _wholeFramePixels)
        {
            WholeFrameChanges++;
            StartRelearning();
            _relearnLeft--;
            _background.Seed(_blurred);
            return MotionResult.Relearning with { ChangedPixels = changed };
        }

        var (count, qualifying) = _regions.Find(_dilated, _zoneBits, _minRegionPixels, _largest);
        var zones = 0;
        for (var i = 0; i < count; i++)
        {
            zones |= _largest[i].Zones;
        }

        var isMotion = qualifying >= _minChangedPixels;
        return new MotionResult(isMotion, (double)qualifying / pixels.Length, changed, false, isMotion ? zones : 0, _largest.AsMemory(0, count));
    }

    private void Configure(MotionDetectorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Zones.Count, MotionDetectorOptions.MaxZones);
        var pixels = _include.Length;
        Array.Fill(_include, (byte)255);
        foreach (var mask in options.Masks)
        {
            mask.Fill<byte>(_include, Width, Height, _ => 0);
        }

        _zoneBits = options.Zones.Count == 0 ? [] : new ushort[pixels];
        for (var z = 0; z < options.Zones.Count; z++)
        {
            var bit = (ushort)(1 << z);
            options.Zones[z].Polygon.Fill<ushort>(_zoneBits, Width, Height, b => (ushort)(b | bit));
        }

        _largest = new MotionBox[Math.Max(1, options.MaxRegions)];
        _minChangedPixels = Math.Max(1, (int)Math.Ceiling(options.MinArea * pixels));
        _minRegionPixels = Math.Max(1, (int)Math.Ceiling(options.MinRegionArea * pixels));
        _wholeFramePixels = (int)Math.Ceiling(options.WholeFrameShare * pixels);
    }

    private void StartRelearning()
    {
        _relearnLeft = Math.Max(1, _options.RelearnFrames);
        _contrast.Reset();
    }
}
