using EdgeCam.Agent.Cli;
using EdgeCam.Agent.ConsoleAccess;
using EdgeCam.Testing;
using EdgeCam.WebConsole.Security;

namespace EdgeCam.Agent.Tests.ConsoleAccess;

public sealed class SetPasswordCommandTests
{
    [Fact]
    public async Task RunAsync_PasswordOnStandardInput_StoresAHashThatVerifies()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("volume", "console", "password.hash");
        var output = new StringWriter();

        var code = await new SetPasswordCommand(new SetPasswordOptions { PasswordFile = file }, new StringReader("correct horse\n"), output, new StringWriter()).RunAsync(CancellationToken.None);

        Assert.Equal(ExitCodes.Success, code);
        Assert.True(PasswordHash.Verify("correct horse", await File.ReadAllTextAsync(file)));
        Assert.DoesNotContain("correct horse", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "no password on standard input")]
    [InlineData("short\n", "at least 8 characters")]
    public async Task RunAsync_NoOrShortPassword_RefusedWithOneLine(string input, string expected)
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("password.hash");
        var error = new StringWriter();

        var code = await new SetPasswordCommand(new SetPasswordOptions { PasswordFile = file }, new StringReader(input), new StringWriter(), error).RunAsync(CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.False(File.Exists(file));
    }
}
