using EdgeCam.CameraCapture.Tamper;
using EdgeCam.Contracts.Health;
using EdgeCam.Testing;
using Xunit.Abstractions;

namespace EdgeCam.CameraCapture.Tests.Tamper;

/// <summary>The tamper check on synthetic gray frames at 5 frames per second, with the default settings (1 s checks, 10 s to confirm).</summary>
public sealed class TamperCheckTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(200);

    private readonly SyntheticScene _scene = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero));
    private readonly TamperSettings _settings = new();

    [Fact]
    public void Observe_LensCoveredThenUncovered_OneCoveredThenOneClear()
    {
        var check = new TamperCheck("cam1", _time);
        var reports = Feed(check, () => _scene.View(), seconds: 20);

        reports.AddRange(Feed(check, () => _scene.Covered(), seconds: 30));
        reports.AddRange(Feed(check, () => _scene.View(), seconds: 30));

        Assert.Equal([TamperState.Covered, TamperState.Clear], reports.Select(r => r.State));
        Assert.True(reports[0].Spread < _settings.CoveredMaxSpread, $"spread {reports[0].Spread}");
    }

    [Fact]
    public void Observe_CoveredShorterThanConfirm_NoReport()
    {
        var check = new TamperCheck("cam1", _time);
        var reports = Feed(check, () => _scene.View(), seconds: 20);

        reports.AddRange(Feed(check, () => _scene.Covered(), seconds: 6));
        reports.AddRange(Feed(check, () => _scene.View(), seconds: 30));

        Assert.Empty(reports);
    }

    [Fact]
    public void Observe_ViewShiftedThenBack_OneMovedThenOneClear()
    {
        var check = new TamperCheck("cam1", _time);
        var reports = Feed(check, () => _scene.View(), seconds: 20);

        reports.AddRange(Feed(check, () => _scene.View(offset: 120), seconds: 30));
        reports.AddRange(Feed(check, () => _scene.View(), seconds: 30));

        Assert.Equal([TamperState.Moved, TamperState.Clear], reports.Select(r => r.State));
        output.WriteLine($"moved: similarity {reports[0].Similarity}, sharpness {reports[0].Sharpness}");
    }

    [Fact]
    public void Observe_DefocusedThenSharpAgain_OneDefocusedThenOneClear()
    {
        var check = new TamperCheck("cam1", _time);
        var reports = Feed(check, () => _scene.View(), seconds: 20);

        reports.AddRange(Feed(check, () => _scene.Defocused(), seconds: 30));
        reports.AddRange(Feed(check, () => _scene.View(), seconds: 30));

        Assert.Equal([TamperState.Defocused, TamperState.Clear], reports.Select(r => r.State));
        output.WriteLine($"defocused: similarity {reports[0].Similarity}, sharpness {reports[0].Sharpness}");
    }

    [Theory]
    [InlineData(0.45, 5)] // a room light switched off, exposure not caught up
    [InlineData(1.5, 20)] // a light switched on
    public void Observe_GlobalLightChange_NoReport(double gain, int offset)
    {
        var check = new TamperCheck("cam1", _time);
        var reports = Feed(check, () => _scene.View(), seconds: 20);

        reports.AddRange(Feed(check, () => _scene.Lit(gain, offset), seconds: 60));
        reports.AddRange(Feed(check, () => _scene.View(), seconds: 30));

        Assert.Empty(reports);
    }

    [Fact]
    public void Observe_IrSwitchWithRelearn_NoReport()
    {
        var check = new TamperCheck("cam1", _time);
        var reports = Feed(check, () => _scene.View(), seconds: 20);

        check.Relearn();
        reports.AddRange(Feed(check, () => _scene.InfraredLook(), seconds: 60));
        check.Relearn();
        reports.AddRange(Feed(check, () => _scene.View(), seconds: 60));

        Assert.Empty(reports);
    }

    [Fact]
    public void Observe_SameLookChangeWithoutRelearn_ReportsMoved()
    {
        // The control for the IR test above: what keeps an IR switch silent is the relearn, not a blind check.
        var check = new TamperCheck("cam1", _time);
        var reports = Feed(check, () => _scene.View(), seconds: 20);

        reports.AddRange(Feed(check, () => _scene.InfraredLook(), seconds: 30));

        Assert.Equal([TamperState.Moved], reports.Select(r => r.State));
    }

    [Fact]
    public void Observe_CoveredWhileIrSwitches_StillReportsCovered()
    {
        var check = new TamperCheck("cam1", _time);
        var reports = Feed(check, () => _scene.View(), seconds: 20);

        reports.AddRange(Feed(check, () => _scene.Covered(), seconds: 4));
        check.Relearn(); // covering the lens darkens the scene: night vision switches IR on
        reports.AddRange(Feed(check, () => _scene.Covered(level: 30), seconds: 30));

        Assert.Equal([TamperState.Covered], reports.Select(r => r.State));
    }

    private List<TamperHealth> Feed(TamperCheck check, Func<byte[]> frame, int seconds)
    {
        var reports = new List<TamperHealth>();
        for (var i = 0; i < seconds * 5; i++)
        {
            if (check.Observe(frame(), SyntheticScene.Width, SyntheticScene.Height, _settings) is { } report)
            {
                reports.Add(report);
            }

            _time.Advance(FrameInterval);
        }

        return reports;
    }
}
