using EdgeCam.Agent.Systemd;

namespace EdgeCam.Agent.Tests.Systemd;

[Trait("Category", "Unit")]
public sealed class WatchdogIntervalTests
{
    [Fact]
    public void FromEnvironment_PeriodSet_IsHalfOfIt()
    {
        var interval = WatchdogInterval.FromEnvironment(Env(("WATCHDOG_USEC", "30000000")), 42);

        Assert.Equal(TimeSpan.FromSeconds(15), interval);
    }

    [Fact]
    public void FromEnvironment_PidIsThisProcess_IsHalfOfThePeriod()
    {
        var interval = WatchdogInterval.FromEnvironment(Env(("WATCHDOG_USEC", "2000000"), ("WATCHDOG_PID", "42")), 42);

        Assert.Equal(TimeSpan.FromSeconds(1), interval);
    }

    [Fact]
    public void FromEnvironment_PidIsAnotherProcess_IsNull()
    {
        var interval = WatchdogInterval.FromEnvironment(Env(("WATCHDOG_USEC", "2000000"), ("WATCHDOG_PID", "41")), 42);

        Assert.Null(interval);
    }

    [Fact]
    public void FromEnvironment_NoPeriod_IsNull()
    {
        Assert.Null(WatchdogInterval.FromEnvironment(Env(("WATCHDOG_PID", "42")), 42));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5")]
    public void FromEnvironment_BadPeriod_ThrowsNamingTheVariable(string period)
    {
        var ex = Assert.Throws<FormatException>(() => WatchdogInterval.FromEnvironment(Env(("WATCHDOG_USEC", period)), 42));

        Assert.Equal($"WATCHDOG_USEC must be a positive number of microseconds, got '{period}'", ex.Message);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
