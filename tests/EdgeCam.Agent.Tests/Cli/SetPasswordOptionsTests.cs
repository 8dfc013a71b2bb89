using EdgeCam.Agent.Cli;

namespace EdgeCam.Agent.Tests.Cli;

[Trait("Category", "Unit")]
public sealed class SetPasswordOptionsTests
{
    [Fact]
    public void Parse_Data_HashGoesUnderItsVolume()
    {
        var options = SetPasswordOptions.Parse(["set-password", "--data", "/srv/edgecam"], _ => null);

        Assert.Equal("/srv/edgecam/volume/console/password.hash", options.PasswordFile);
    }

    [Fact]
    public void Parse_PasswordFileVariable_UsedUnlessAnOptionSaysOtherwise()
    {
        var environment = new Dictionary<string, string?> { ["EDGECAM_CONSOLE_PASSWORD_FILE"] = "/etc/edgecam/console.hash" };

        Assert.Equal("/etc/edgecam/console.hash", SetPasswordOptions.Parse(["set-password"], environment.GetValueOrDefault).PasswordFile);
        Assert.Equal("/tmp/p.hash", SetPasswordOptions.Parse(["set-password", "--password-file", "/tmp/p.hash"], environment.GetValueOrDefault).PasswordFile);
    }

    [Theory]
    [InlineData("", "console needs set-password")]
    [InlineData("reset", "console needs set-password, got 'reset'")]
    [InlineData("set-password --password hunter22", "unknown option '--password'")]
    [InlineData("set-password --data", "--data needs a value")]
    public void Parse_BadArguments_SaysWhatIsWrong(string arguments, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => SetPasswordOptions.Parse(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), _ => null));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
