using EdgeCam.WebConsole.Web;

namespace EdgeCam.Agent.Cli;

/// <summary>
/// Options of <c>edgecam-agent console set-password</c>: where the web console's password hash goes. The password
/// itself is read from standard input (never an argument: arguments show in <c>ps</c> and the shell's history).
/// </summary>
public sealed record SetPasswordOptions
{
    /// <summary>The hash file: <c>--password-file</c>, else EDGECAM_CONSOLE_PASSWORD_FILE, else the console's default
    /// under the agent's shared volume (<c>&lt;data&gt;/volume/console/password.hash</c>).</summary>
    public required string PasswordFile { get; init; }

    /// <summary>Parses the arguments after <c>console</c>.</summary>
    /// <exception cref="UsageException">The verb or an option is unknown or lacks its value.</exception>
    public static SetPasswordOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        if (args.Count == 0 || args[0] != "set-password")
        {
            throw new UsageException($"console needs set-password{(args.Count > 0 ? $", got '{args[0]}'" : string.Empty)}.");
        }

        var data = new RunOptions().DataDirectory;
        string? file = environment(ConsoleOptions.PasswordFileVariable) is { Length: > 0 } fromEnvironment ? Path.GetFullPath(fromEnvironment) : null;
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value.");
            switch (name)
            {
                case "--data": data = Path.GetFullPath(Value()); break;
                case "--password-file": file = Path.GetFullPath(Value()); break;
                default: throw new UsageException($"unknown option '{name}'.");
            }
        }

        return new SetPasswordOptions { PasswordFile = file ?? Path.Combine(data, "volume", ConsoleOptions.DefaultPasswordFile) };
    }
}
