using System.Text.Json.Nodes;
using EdgeCam.Agent.Hosting;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.WebConsole.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenQA.Selenium.Chrome;

namespace EdgeCam.WebConsole.Tests.Web;

/// <summary>
/// The agent with its console, fed by a synthetic camera played in real time and looped (a box moves 2-5 s into each
/// 10 s loop): the whole pipeline runs, so the console sees real events, snapshots and clips. Ready once the first
/// clip is cut; one headless Chromium for the tests of the collection.
/// </summary>
public sealed class PipelineRig : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new("edgecam-console");
    private IHost? _host;

    public ChromeDriver Driver { get; private set; } = null!;

    /// <summary>The console's base address (http://127.0.0.1:port).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public const string CameraId = "CameraCapture";

    public SharedVolume Volume { get; private set; } = null!;

    /// <summary>The events whose clip was cut so far.</summary>
    public IReadOnlyCollection<string> EventsWithClips => [.. _eventsWithClips.Keys];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _eventsWithClips = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var clip = await SyntheticClip.GenerateAsync(_dir.Combine("camera.mp4"), new SyntheticClipOptions
        {
            Duration = TimeSpan.FromSeconds(10),
            MotionIntervals = [MotionInterval.FromSeconds(2, 5)],
        }, CancellationToken.None);
        var volume = _dir.Combine("volume");
        Volume = new SharedVolume(volume);
        var settings = new Dictionary<string, string?>(AgentHost.ModuleSettings(volume, null))
        {
            [ConsoleOptions.PortVariable] = "0",
            [ConsoleOptions.PasswordFileVariable] = _dir.Combine("no-password.hash"),
        };
        var overrides = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["CameraCapture"] = new()
            {
                ["source"] = clip.Path,
                ["realtime"] = true,
                ["loop"] = true,
                ["segmentSeconds"] = 1,
                ["motion"] = new JsonObject { ["eventGapSeconds"] = 1 },
            },
            ["SegmentRecorder"] = new() { ["preRollSeconds"] = 1, ["postRollSeconds"] = 1, ["minFreeBytes"] = 0, ["minFreePercent"] = 0 },
        };
        var template = DeploymentTemplate.Load(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json"));
        _host = AgentHost.Build(template, overrides, settings, new RecordingUpstreamSink(), console: true);
        var hub = _host.Services.GetRequiredService<InProcessHub>();
        hub.MessageRouted += (_, routed) =>
        {
            if (routed.Message.MessageType() == MessageTypes.ClipReady)
            {
                _eventsWithClips[routed.Message.Read(ContractsJsonContext.Default.ClipReady).EventId] = true;
            }
        };
        await _host.StartAsync();
        var urls = await _host.Services.GetRequiredService<ConsoleModule>().Listening.WaitAsync(TimeSpan.FromSeconds(60));
        BaseUrl = urls[0].Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        Driver = Browser.Start();
        await Eventually.TrueAsync(() => !_eventsWithClips.IsEmpty, "the synthetic camera's first event clip is ready", 120_000);
    }

    public async Task DisposeAsync()
    {
        Driver?.Quit();
        Driver?.Dispose();
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }
    }

    public void Dispose() => _dir.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineRig>
{
    public const string Name = "console pipeline";
}
