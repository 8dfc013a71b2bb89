using EdgeCam.Edge.Mqtt;
using EdgeCam.Testing;

namespace EdgeCam.Edge.IotHub.Tests.Mqtt;

[Trait("Category", "Unit")]
public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Stable = TimeSpan.FromMinutes(2);

    [Fact]
    public void NextDelay_HighestJitter_DoublesUntilMaximum()
    {
        var backoff = new ReconnectBackoff(Min, Max, Stable, new ManualTimeProvider(), () => 0.999999);

        var delays = Enumerable.Range(0, 8).Select(_ => Math.Round(backoff.NextDelay().TotalSeconds)).ToArray();

        Assert.Equal([2, 4, 8, 16, 32, 60, 60, 60], delays);
    }

    [Fact]
    public void NextDelay_LowestJitter_NeverBelowMinimum()
    {
        var backoff = new ReconnectBackoff(Min, Max, Stable, new ManualTimeProvider(), () => 0.0);

        var delays = Enumerable.Range(0, 10).Select(_ => backoff.NextDelay()).ToArray();

        Assert.All(delays, d => Assert.Equal(Min, d));
    }

    [Fact]
    public void NextDelay_RandomJitter_StaysWithinBoundsAndSpreads()
    {
        var backoff = new ReconnectBackoff(Min, Max, Stable, new ManualTimeProvider());

        var delays = Enumerable.Range(0, 200).Select(_ => backoff.NextDelay()).ToArray();

        Assert.All(delays, d => Assert.InRange(d, Min, Max));
        Assert.True(delays.Skip(10).Distinct().Count() > 100, "full jitter should spread the delays");
    }

    [Fact]
    public void NextDelay_AfterStableConnection_Resets()
    {
        var clock = new ManualTimeProvider();
        var backoff = new ReconnectBackoff(Min, Max, Stable, clock, () => 0.999999);
        for (var i = 0; i < 6; i++)
        {
            backoff.NextDelay();
        }

        backoff.OnConnected();
        clock.Advance(Stable);
        var afterStable = backoff.NextDelay();

        Assert.Equal(2, Math.Round(afterStable.TotalSeconds));
        Assert.Equal(1, backoff.Attempt);
    }

    [Fact]
    public void NextDelay_AfterShortConnection_KeepsGrowing()
    {
        var clock = new ManualTimeProvider();
        var backoff = new ReconnectBackoff(Min, Max, Stable, clock, () => 0.999999);
        backoff.NextDelay();
        backoff.NextDelay();

        backoff.OnConnected();
        clock.Advance(TimeSpan.FromSeconds(10));
        var afterFlap = backoff.NextDelay();

        Assert.Equal(8, Math.Round(afterFlap.TotalSeconds));
    }

    [Fact]
    public async Task DelayAsync_WaitsOnInjectedClock()
    {
        var clock = new ManualTimeProvider();
        var backoff = new ReconnectBackoff(Min, Max, Stable, clock, () => 0.0);

        var delay = backoff.DelayAsync(CancellationToken.None);
        var before = delay.IsCompleted;
        clock.Advance(Min);
        await delay.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(before);
    }

    [Fact]
    public void Constructor_MaximumBelowMinimum_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectBackoff(Max, Min, Stable, TimeProvider.System));
    }
}
