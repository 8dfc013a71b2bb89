using System.Diagnostics;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using Xunit.Abstractions;

namespace EdgeCam.Agent.Tests.Faults;

/// <summary>
/// What every agent fault test stands on: a real Azurite, the live camera, the fault template, one data directory
/// that every agent run of the test shares (as one device's disk), and one log file with every run's output.
/// Set EDGECAM_FAULT_KEEP to keep the directory (its path is printed).
/// </summary>
internal sealed class FaultRig : IAsyncDisposable
{
    /// <summary>The fault tests run one after the other (each one loads the machine and measures times).</summary>
    public const string Collection = "Agent faults";

    private readonly DirectoryInfo _directory;
    private readonly ITestOutputHelper _output;

    private FaultRig(DirectoryInfo directory, AzuriteProcess azurite, LiveCamera camera, ITestOutputHelper output)
    {
        _directory = directory;
        Azurite = azurite;
        Camera = camera;
        _output = output;
        Template = FaultTemplate.Write(Path.Combine(directory.FullName, "deployment.template.json"));
        DataDirectory = Path.Combine(directory.FullName, "data");
        LogPath = Path.Combine(directory.FullName, "agent.log");
        AgentStorage = azurite.ConnectionString;
    }

    public AzuriteProcess Azurite { get; }

    public LiveCamera Camera { get; }

    public string Template { get; }

    public string DataDirectory { get; }

    /// <summary>Every run's stdout and stderr, one after the other.</summary>
    public string LogPath { get; }

    /// <summary>The storage connection string the agent gets (Azurite, or a proxy in front of it).</summary>
    public string AgentStorage { get; set; }

    /// <summary>Starts Azurite and the live camera: 60 s of footage, looped, with motion 3 s out of every 6 s.</summary>
    public static async Task<FaultRig> StartAsync(string name, ITestOutputHelper output)
    {
        RequiredTool.Ffmpeg();
        var tools = AzuriteTools.Directory();
        var directory = Directory.CreateTempSubdirectory($"edgecam-{name}-");
        var azurite = await AzuriteProcess.StartAsync(tools, Path.Combine(directory.FullName, "azurite"), CancellationToken.None);
        var camera = await LiveCamera.CreateAsync(directory.FullName, TimeSpan.FromSeconds(60), motionSeconds: 3, periodSeconds: 6, CancellationToken.None);
        output.WriteLine($"fault rig in {directory.FullName}: 60 s of footage looped, {camera.Footage.MotionIntervals.Count} motion intervals in it");
        return new FaultRig(directory, azurite, camera, output);
    }

    public AgentProcess StartAgent() => AgentProcess.Start(
        LogPath,
        new Dictionary<string, string>
        {
            ["PATH"] = $"{Camera.ToolDirectory}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
            ["EDGECAM_STORAGE_CONNECTION_STRING"] = AgentStorage,
            ["EDGECAM_MQTT_BROKER"] = $"embedded:{LoopbackPort.Free()}",
        },
        "--template",
        Template,
        "--data",
        DataDirectory);

    public Task<ClipAudit> AuditAsync() => ClipAudit.TakeAsync(DataDirectory, Azurite.ConnectionString, CancellationToken.None);

    /// <summary>
    /// Covers the camera (no new events), runs one agent (or keeps <paramref name="running"/> going) until every
    /// detected event's clips are in storage, or nothing changed for 25 s, or <paramref name="limit"/> passed; then stops
    /// it with SIGTERM and returns the last audit.
    /// </summary>
    public async Task<ClipAudit> DrainAsync(TimeSpan limit, AgentProcess? running = null)
    {
        Camera.Cover();
        var agent = running ?? StartAgent();
        try
        {
            var draining = Stopwatch.StartNew();
            var unchanged = Stopwatch.StartNew();
            var last = string.Empty;
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
                if (agent.HasExited)
                {
                    Assert.Fail($"the draining agent exited by itself (code {agent.ExitCode}); see {LogPath}");
                }

                var audit = await AuditAsync();
                var figures = $"{audit.Detected.Count}/{audit.ClipsCut}/{audit.ClipsInStorage}";
                if (figures != last)
                {
                    last = figures;
                    unchanged.Restart();
                }

                if (audit.Lost.Count == 0 || unchanged.Elapsed > TimeSpan.FromSeconds(25) || draining.Elapsed > limit)
                {
                    _output.WriteLine($"drained for {draining.Elapsed.TotalSeconds:F0} s (limit {limit.TotalSeconds:F0} s)");
                    return audit;
                }
            }
        }
        finally
        {
            await agent.TerminateAsync();
            await agent.WaitForExitAsync(TimeSpan.FromSeconds(20));
            await agent.DisposeAsync();
        }
    }

    /// <summary>Writes to the test output and appends to EDGECAM_FAULT_REPORT when set.</summary>
    public void Report(string text)
    {
        _output.WriteLine(text);
        if (FaultParameters.ReportFile is { } file)
        {
            File.AppendAllText(file, text + Environment.NewLine);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Azurite.DisposeAsync();
        if (Environment.GetEnvironmentVariable("EDGECAM_FAULT_KEEP") is not { Length: > 0 })
        {
            _directory.Delete(recursive: true);
        }
    }
}
