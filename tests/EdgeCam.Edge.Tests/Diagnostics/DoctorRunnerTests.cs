using EdgeCam.Edge.Diagnostics;

namespace EdgeCam.Edge.Tests.Diagnostics;

public class DoctorRunnerTests
{
    [Fact]
    public async Task RunAsync_AllOkOrWarn_ExitZeroOneLinePerCheck()
    {
        var output = new StringWriter();

        var code = await new DoctorRunner().RunAsync(
            [new FixedCheck(CheckResult.Ok("clock", "fine.")), new FixedCheck(CheckResult.Warn("ntp", "not synchronised."))], output, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal(["ok   clock: fine.", "warn ntp: not synchronised."], Lines(output));
    }

    [Fact]
    public async Task RunAsync_OneFails_ExitOneAndStillRunsTheRest()
    {
        var output = new StringWriter();

        var code = await new DoctorRunner().RunAsync(
            [new FixedCheck(CheckResult.Fail("disk", "full; delete clips.")), new FixedCheck(CheckResult.Ok("volume", "writable."))], output, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Equal(["FAIL disk: full; delete clips.", "ok   volume: writable."], Lines(output));
    }

    [Fact]
    public async Task RunAsync_CheckHangs_FailsAfterTimeoutAndContinues()
    {
        var output = new StringWriter();

        var code = await new DoctorRunner(TimeSpan.FromMilliseconds(200)).RunAsync(
            [new HangingCheck(), new FixedCheck(CheckResult.Ok("clock", "fine."))], output, CancellationToken.None);

        Assert.Equal(1, code);
        var lines = Lines(output);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("FAIL hang: did not answer within 0.2 s", lines[0], StringComparison.Ordinal);
        Assert.Equal("ok   clock: fine.", lines[1]);
    }

    [Fact]
    public async Task RunAsync_CheckThrows_FailsWithOneLine()
    {
        var output = new StringWriter();

        var code = await new DoctorRunner().RunAsync([new ThrowingCheck()], output, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Equal(["FAIL throws: the check itself failed (InvalidOperationException: boom); report this with the line above."], Lines(output));
    }

    private static string[] Lines(StringWriter output) => output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private sealed class FixedCheck(CheckResult result) : IDeviceCheck
    {
        public string Name => result.Name;

        public Task<CheckResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(result);
    }

    private sealed class HangingCheck : IDeviceCheck
    {
        public string Name => "hang";

        public async Task<CheckResult> RunAsync(CancellationToken cancellationToken)
        {
            // Ignores its token: the runner must still give up on it.
            await Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None);
            return CheckResult.Ok(Name, "late.");
        }
    }

    private sealed class ThrowingCheck : IDeviceCheck
    {
        public string Name => "throws";

        public Task<CheckResult> RunAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("boom");
    }
}
