using EdgeCam.Contracts.Health;

namespace EdgeCam.CameraCapture.Tamper;

/// <summary>
/// Tells a covered lens, a moved view and a defocused picture from the scene it learned, one camera's frames at a time.
/// Each frame costs a clock read; every <see cref="TamperSettings.CheckInterval"/> one frame is measured
/// (<see cref="TamperFeatures"/>). A picture spreading less than <see cref="TamperSettings.CoveredMaxSpread"/> is
/// covered; otherwise a layout correlating less than <see cref="TamperSettings.MovedMinSimilarity"/> with the learned
/// view is moved; otherwise sharpness below <see cref="TamperSettings.DefocusedMaxSharpness"/> of the learned view's is
/// defocused. A state is reported once it held for <see cref="TamperSettings.ConfirmDuration"/>.
/// <para>
/// Light is told apart by construction: the layout is normalised and sharpness is relative to contrast, so a light
/// switched on or off, dusk or an exposure step (a gain and an offset) changes neither. EdgeCam's own IR switch changes
/// how the scene looks (IR-lit surfaces, the cut filter), so <see cref="Relearn"/> (called by night vision on a switch,
/// with the detector's re-learn) drops the learned view while nothing is reported, waits <see cref="SettleTime"/> for
/// exposure to settle, and learns the view again; the covered rule needs no learned view and keeps working across it.
/// While the view is clear, the learned view follows slow changes of the scene (furniture, seasons).
/// </para>
/// </summary>
internal sealed class TamperCheck(string cameraId, TimeProvider timeProvider)
{
    /// <summary>After an IR switch, how long exposure and the cut filter take to settle before the view is learned again.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);

    // Share of the way the learned view moves towards each clear measurement (about a minute's memory at one check a second).
    private const double DriftWeight = 0.02;

    private TamperFeatures? _learned;
    private TamperState _state = TamperState.Clear;
    private TamperState _candidate = TamperState.Clear;
    private DateTimeOffset _candidateSince;
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;
    private DateTimeOffset _settledAt = DateTimeOffset.MinValue;
    private int _relearnRequested;

    public string CameraId => cameraId;

    /// <summary>The state last reported (Clear at start).</summary>
    public TamperState State => _state;

    /// <summary>Asks for a new learned view from the next frame after <see cref="SettleTime"/>; safe from any thread.</summary>
    public void Relearn() => Interlocked.Exchange(ref _relearnRequested, 1);

    /// <summary>Takes one frame; returns the report when a new state is confirmed, otherwise null.</summary>
    public TamperHealth? Observe(ReadOnlySpan<byte> pixels, int width, int height, TamperSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var now = timeProvider.GetUtcNow();
        if (Interlocked.Exchange(ref _relearnRequested, 0) == 1)
        {
            if (_state == TamperState.Clear)
            {
                _learned = null;
            }

            _candidate = _state;
            _settledAt = now + SettleTime;
        }

        if (now < _nextCheck || now < _settledAt)
        {
            return null;
        }

        _nextCheck = now + settings.CheckInterval;
        var features = TamperFeatures.Measure(pixels, width, height);
        var (seen, similarity, sharpness) = Classify(features, settings);
        if (seen == TamperState.Clear && _state == TamperState.Clear)
        {
            _learned = _learned is null ? features : _learned.BlendedTowards(features, DriftWeight);
        }

        if (seen != _candidate)
        {
            _candidate = seen;
            _candidateSince = now;
        }

        if (_candidate == _state || now - _candidateSince < settings.ConfirmDuration)
        {
            return null;
        }

        _state = _candidate;
        return new TamperHealth(cameraId, _state, Math.Round(features.Spread, 2), Math.Round(similarity, 3), Math.Round(sharpness, 3), now);
    }

    private (TamperState State, double Similarity, double Sharpness) Classify(TamperFeatures features, TamperSettings settings)
    {
        if (_learned is null)
        {
            return (features.Spread < settings.CoveredMaxSpread ? TamperState.Covered : TamperState.Clear, 1, 1);
        }

        var similarity = features.SimilarityTo(_learned);
        var sharpness = _learned.Sharpness > 0 ? features.Sharpness / _learned.Sharpness : 1;
        if (features.Spread < settings.CoveredMaxSpread)
        {
            return (TamperState.Covered, similarity, sharpness);
        }

        if (similarity < settings.MovedMinSimilarity)
        {
            return (TamperState.Moved, similarity, sharpness);
        }

        return (sharpness < settings.DefocusedMaxSharpness ? TamperState.Defocused : TamperState.Clear, similarity, sharpness);
    }
}
