using EdgeCam.Edge.Retries;

namespace EdgeCam.Edge.Tests.Retries;

[Trait("Category", "Unit")]
public sealed class BackoffSequenceTests
{
    private static readonly TimeSpan Healthy = TimeSpan.FromSeconds(60);

    private static BackoffSequence NoJitter() =>
        new(new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), BackoffJitter.None), Healthy);

    [Fact]
    public void Next_ShortRuns_DoubleUntilMaximum()
    {
        var sequence = NoJitter();

        var delays = Enumerable.Range(0, 8).Select(_ => sequence.Next(TimeSpan.FromSeconds(2)).TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], delays);
        Assert.Equal(8, sequence.Attempt);
    }

    [Fact]
    public void Next_NothingRan_KeepsGrowing()
    {
        var sequence = NoJitter();
        sequence.Next(null);
        sequence.Next(null);

        var third = sequence.Next(null);

        Assert.Equal(TimeSpan.FromSeconds(4), third);
    }

    [Fact]
    public void Next_AfterHealthyRun_StartsAgainAtMinimum()
    {
        var sequence = NoJitter();
        for (var i = 0; i < 5; i++)
        {
            sequence.Next(TimeSpan.Zero);
        }

        var afterHealthy = sequence.Next(Healthy);

        Assert.Equal(TimeSpan.FromSeconds(1), afterHealthy);
        Assert.Equal(1, sequence.Attempt);
    }

    [Fact]
    public void Next_RunJustShortOfHealthy_DoesNotReset()
    {
        var sequence = NoJitter();
        sequence.Next(TimeSpan.Zero);

        var second = sequence.Next(Healthy - TimeSpan.FromTicks(1));

        Assert.Equal(TimeSpan.FromSeconds(2), second);
    }

    [Fact]
    public void Next_GivenRandom_ReachesTheJitter()
    {
        var sequence = new BackoffSequence(new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), BackoffJitter.Half), Healthy, () => 0.0);
        sequence.Next(null);

        var second = sequence.Next(null);

        Assert.Equal(TimeSpan.FromSeconds(1), second);
    }

    [Fact]
    public void Constructor_NegativeHealthyRun_Throws()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), BackoffJitter.None);

        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffSequence(backoff, TimeSpan.FromSeconds(-1)));
    }
}
