using System.Runtime.InteropServices;
using EdgeCam.Agent.Demo;

namespace EdgeCam.Agent.Cli;

/// <summary>Parses the agent's command line and runs the chosen command; Ctrl+C and SIGTERM stop it cleanly.</summary>
public static class AgentCommandLine
{
    private const string Usage = """
        usage: edgecam-agent demo [options]

        Runs the whole EdgeCam pipeline in one process (CameraCapture, SegmentRecorder, BlobBuffer, EventRouter),
        routed by deployment.template.json, then prints a summary.

        options:
          --source <file|url>     play this video file (or RTSP URL / /dev/videoN) instead of the synthetic camera
          --duration <seconds>    length of the synthetic camera (default 60)
          --fast                  play the source as fast as possible instead of in real time
          --data <dir>            where the shared volume, alerts.jsonl and summary.json go (default .edgecam/demo)
          --template <file>       the deployment template (default ./deployment.template.json)
          --azurite <dir>         folder holding node_modules/azurite: start Azurite and upload clips to it
          --no-azurite            do not start Azurite; without --storage, clips go to <data>/volume/uploaded
          --storage <connection>  upload to this Azure Storage account (or set EDGECAM_STORAGE_CONNECTION_STRING)
          --settle-timeout <s>    how long to wait for clips and uploads after the camera ended (default 60)

        exit codes: 0 done, 1 did not finish in time, 2 bad input, 3 clips still buffered (upload refused or offline)
        """;

    /// <summary>Runs the agent with <paramref name="args"/>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help" || args.Contains("--help"))
        {
            await output.WriteLineAsync(Usage);
            return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Success;
        }

        if (args[0] != "demo")
        {
            await error.WriteLineAsync($"error: unknown command '{args[0]}'. Try: edgecam-agent demo --help");
            return ExitCodes.BadInput;
        }

        DemoOptions options;
        try
        {
            options = DemoOptions.Parse(args[1..], Environment.GetEnvironmentVariable);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message} Try: edgecam-agent demo --help");
            return ExitCodes.BadInput;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await new DemoCommand(options, output, error).RunAsync(stop.Token);

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
