using System.Runtime.InteropServices;
using EdgeCam.Agent.Cameras;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.Decrypt;
using EdgeCam.Agent.ConsoleAccess;
using EdgeCam.Agent.Demo;
using EdgeCam.Agent.Doctor;
using EdgeCam.Agent.Firmware;
using EdgeCam.Agent.Run;

namespace EdgeCam.Agent;

/// <summary>Parses the agent's command line and runs the chosen command; Ctrl+C and SIGTERM stop it cleanly.</summary>
public static class AgentEntry
{
    /// <summary>Runs the agent with <paramref name="args"/>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help" || args.Contains("--help"))
        {
            await output.WriteLineAsync(AgentCommandLine.Usage);
            return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Success;
        }

        if (args[0] == "doctor")
        {
            return await DoctorAsync(args[1..], output, error, cancellationToken);
        }

        if (args[0] == "cameras")
        {
            return await CamerasAsync(args[1..], output, error, cancellationToken);
        }

        if (args[0] == "console")
        {
            return await ConsoleAsync(args[1..], output, error, cancellationToken);
        }

        if (args[0] == "firmware")
        {
            return await FirmwareAsync(args[1..], output, error, cancellationToken);
        }

        if (args[0] is "decrypt" or "encryption-key")
        {
            return await OwnerSideAsync(args, output, error, cancellationToken);
        }

        if (args[0] is not ("demo" or "run"))
        {
            await error.WriteLineAsync($"error: unknown command '{args[0]}'. Try: edgecam-agent --help");
            return ExitCodes.BadInput;
        }

        DemoOptions? demo = null;
        RunOptions? run = null;
        try
        {
            if (args[0] == "demo")
            {
                demo = DemoOptions.Parse(args[1..], Environment.GetEnvironmentVariable);
            }
            else
            {
                run = RunOptions.Parse(args[1..], Environment.GetEnvironmentVariable);
            }
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message} Try: edgecam-agent {args[0]} --help");
            return ExitCodes.BadInput;
        }

        if (StorageArgument.Problem(demo?.StorageConnectionString ?? run?.StorageConnectionString) is { } storageProblem)
        {
            await error.WriteLineAsync($"error: {storageProblem}");
            return ExitCodes.BadInput;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return demo is not null
            ? await new DemoCommand(demo, output, error).RunAsync(stop.Token)
            : await new RunCommand(run!, output, error).RunAsync(stop.Token);

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static async Task<int> FirmwareAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        FirmwareOptions options;
        try
        {
            options = FirmwareOptions.Parse(args);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message} Try: edgecam-agent --help");
            return ExitCodes.BadInput;
        }

        return await new FirmwareCommand(options, output, error).RunAsync(cancellationToken);
    }

    private static async Task<int> OwnerSideAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return args[0] == "decrypt"
                ? await new DecryptCommand(DecryptOptions.Parse(args[1..]), output, error).RunAsync(cancellationToken)
                : await new OwnerKeyPairCommand(DecryptOptions.ParseKeyPairDirectory(args[1..]), output, error).RunAsync(cancellationToken);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message} Try: edgecam-agent --help");
            return ExitCodes.BadInput;
        }
    }

    private static async Task<int> CamerasAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        CamerasOptions options;
        try
        {
            options = CamerasOptions.Parse(args, Environment.GetEnvironmentVariable);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message} Try: edgecam-agent --help");
            return ExitCodes.BadInput;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        return await new CamerasCommand(options, output, error, http).RunAsync(cancellationToken);
    }

    private static async Task<int> ConsoleAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        SetPasswordOptions options;
        try
        {
            options = SetPasswordOptions.Parse(args, Environment.GetEnvironmentVariable);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message} Try: edgecam-agent --help");
            return ExitCodes.BadInput;
        }

        return await new SetPasswordCommand(options, Console.In, output, error).RunAsync(cancellationToken);
    }

    private static async Task<int> DoctorAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        DoctorOptions options;
        try
        {
            options = DoctorOptions.Parse(args, Environment.GetEnvironmentVariable);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message} Try: edgecam-agent doctor --help");
            return ExitCodes.BadInput;
        }

        return await new AgentDoctorCommand(options, output, TimeProvider.System).RunAsync(cancellationToken);
    }
}
