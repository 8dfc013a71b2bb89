using EdgeCam.Agent.Cli;
using EdgeCam.WebConsole.Security;

namespace EdgeCam.Agent.ConsoleAccess;

/// <summary>
/// <c>edgecam-agent console set-password</c>: reads the new password from the first line of standard input and stores
/// its hash where the web console looks (<see cref="PasswordFile"/>). A running console asks for it at once; it
/// listens beyond loopback from its next start.
/// </summary>
public sealed class SetPasswordCommand(SetPasswordOptions options, TextReader input, TextWriter output, TextWriter error)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var password = await input.ReadLineAsync(cancellationToken);
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync("error: no password on standard input (for example: edgecam-agent console set-password < file, or type it and press Enter).");
            return ExitCodes.BadInput;
        }

        try
        {
            new PasswordFile(options.PasswordFile).Write(password);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }

        await output.WriteLineAsync($"console password set: its hash is in {options.PasswordFile}; the console now asks for it and, from its next start, listens on every interface");
        return ExitCodes.Success;
    }
}
