using EdgeCam.Edge.Diagnostics;
using EdgeCam.Testing;

namespace EdgeCam.Edge.Tests.Diagnostics;

public class ClockCheckTests
{
    private static readonly DateTimeOffset Synchronised = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_Year1970_FailsSayingNeverSynchronised()
    {
        var check = new ClockCheck(new ManualTimeProvider(DateTimeOffset.UnixEpoch), _ => Task.FromResult<bool?>(true));

        var result = await check.RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("never synchronised", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NtpNotSynchronised_Warns()
    {
        var check = new ClockCheck(new ManualTimeProvider(Synchronised), _ => Task.FromResult<bool?>(false));

        var result = await check.RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("not synchronised", result.Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(null)]
    public async Task RunAsync_PlausibleYearAndNtpSynchronisedOrUnknown_Ok(bool? ntp)
    {
        var check = new ClockCheck(new ManualTimeProvider(Synchronised), _ => Task.FromResult(ntp));

        var result = await check.RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Contains("2026-11-30 12:00", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RealTimedatectlOrNone_NeverFailsOnThisSynchronisedMachine()
    {
        // The default probe runs timedatectl when installed and answers unknown when it is not: either way no failure.
        var check = new ClockCheck(new ManualTimeProvider(Synchronised));

        var result = await check.RunAsync(CancellationToken.None);

        Assert.NotEqual(CheckStatus.Fail, result.Status);
    }
}
