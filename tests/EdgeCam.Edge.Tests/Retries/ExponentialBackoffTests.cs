using EdgeCam.Edge.Retries;

namespace EdgeCam.Edge.Tests.Retries;

[Trait("Category", "Unit")]
public sealed class ExponentialBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Fact]
    public void Step_SuccessiveAttempts_DoublesFromMinimumUntilMaximum()
    {
        var backoff = new ExponentialBackoff(Min, Max, BackoffJitter.None);

        var steps = Enumerable.Range(1, 9).Select(a => backoff.Step(a).TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], steps);
    }

    [Fact]
    public void Step_HugeAttempt_StaysAtMaximum()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(365), BackoffJitter.None);

        var step = backoff.Step(int.MaxValue);

        Assert.True(step > TimeSpan.Zero && step <= TimeSpan.FromDays(365), $"step {step}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Delay_AttemptBelowOne_CountsAsFirst(int attempt)
    {
        var backoff = new ExponentialBackoff(Min, Max, BackoffJitter.Full);

        var delay = backoff.Delay(attempt, () => 0.999999);

        Assert.Equal(2, Math.Round(delay.TotalSeconds));
    }

    [Fact]
    public void Delay_NoJitter_IsTheStepWhateverTheRandom()
    {
        var backoff = new ExponentialBackoff(Min, Max, BackoffJitter.None);

        var low = backoff.Delay(3, () => 0.0);
        var high = backoff.Delay(3, () => 0.999999);

        Assert.Equal(TimeSpan.FromSeconds(4), low);
        Assert.Equal(TimeSpan.FromSeconds(4), high);
    }

    [Theory]
    [InlineData(1, 0.0, 0.5)]
    [InlineData(1, 0.999999, 1)]
    [InlineData(3, 0.0, 2)]
    [InlineData(3, 0.5, 3)]
    [InlineData(3, 0.999999, 4)]
    [InlineData(10, 0.0, 30)]
    [InlineData(10, 0.999999, 60)]
    public void Delay_HalfJitter_IsHalfToAllOfTheStep(int attempt, double random, double expectedSeconds)
    {
        var backoff = new ExponentialBackoff(Min, Max, BackoffJitter.Half);

        var delay = backoff.Delay(attempt, () => random);

        Assert.Equal(expectedSeconds, Math.Round(delay.TotalSeconds, 3));
    }

    [Theory]
    [InlineData(1, 0.0, 1)]
    [InlineData(1, 0.999999, 2)]
    [InlineData(3, 0.0, 1)]
    [InlineData(3, 0.5, 4.5)]
    [InlineData(3, 0.999999, 8)]
    [InlineData(10, 0.999999, 60)]
    public void Delay_FullJitter_IsMinimumToTwiceTheStepCapped(int attempt, double random, double expectedSeconds)
    {
        var backoff = new ExponentialBackoff(Min, Max, BackoffJitter.Full);

        var delay = backoff.Delay(attempt, () => random);

        Assert.Equal(expectedSeconds, Math.Round(delay.TotalSeconds, 3));
    }

    [Theory]
    [InlineData(BackoffJitter.Half)]
    [InlineData(BackoffJitter.Full)]
    public void Delay_SharedRandom_StaysWithinBoundsAndSpreads(BackoffJitter jitter)
    {
        var backoff = new ExponentialBackoff(Min, Max, jitter);

        var delays = Enumerable.Range(0, 200).Select(_ => backoff.Delay(12)).ToArray();

        Assert.All(delays, d => Assert.InRange(d, Min / 2, Max));
        Assert.True(delays.Distinct().Count() > 100, $"{jitter} jitter should spread the delays");
    }

    [Fact]
    public void Constructor_MinimumZero_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.Zero, Max, BackoffJitter.None));

        Assert.Equal("minimum", ex.ParamName);
    }

    [Fact]
    public void Constructor_MaximumBelowMinimum_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(Max, Min, BackoffJitter.Half));

        Assert.Equal("maximum", ex.ParamName);
    }

    [Fact]
    public void Constructor_UndefinedJitter_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(Min, Max, (BackoffJitter)7));

        Assert.Equal("jitter", ex.ParamName);
    }
}
