// Motion onset to alert latency per sink: synthetic frames paced at the analysis rate go through the real detector
// and event tracker; the motionStarted they produce goes through the agent's in-process hub to the real
// EventRouterModule, whose sinks deliver to a real mosquitto (a subscriber), a loopback webhook and $upstream.
// Latency runs from the moment the frame in which motion appears is handed to the detector (its capture time) to the
// moment each receiver got the alert. Usage: dotnet run -c Release [-- trials] (default 30).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.Motion;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;
using EdgeCam.EventRouter;
using EdgeCam.EventRouter.Benchmarks;
using EdgeCam.Testing.Mosquitto;
using Microsoft.Extensions.Logging.Abstractions;

var trials = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
const int Fps = 5;
var frameInterval = TimeSpan.FromSeconds(1.0 / Fps);
var trackerOptions = new MotionEventTrackerOptions();

await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
var arrivals = new Arrivals();
using var webhook = new WebhookReceiver(arrivals);
await using var subscriber = await MqttReceiver.StartAsync(broker.Port, arrivals, CancellationToken.None);
var desired = new JsonObject
{
    ["maxAlertsPerMinute"] = 600,
    ["mqtt"] = new JsonObject { ["enabled"] = true, ["host"] = MosquittoBroker.Host, ["port"] = broker.Port },
    ["webhook"] = new JsonObject { ["enabled"] = true, ["url"] = webhook.Url },
};
var routes = RouteTable.Parse(new Dictionary<string, string>
{
    ["motionToRouter"] = "FROM /messages/modules/CameraCapture/outputs/motion INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")",
    ["alertsUpstream"] = "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream",
});
await using var hub = new InProcessHub(routes, new Dictionary<string, JsonObject> { ["EventRouter"] = desired }, new UpstreamReceiver(arrivals), TimeProvider.System, NullLoggerFactory.Instance);
var camera = await hub.CreateAsync("CameraCapture", CancellationToken.None);
await camera.OpenAsync(CancellationToken.None);
using var stop = new CancellationTokenSource();
var router = new EventRouterModule(TimeProvider.System, NullLogger<EventRouterModule>.Instance, NullLoggerFactory.Instance, EventRouterEnvironment.None with { Device = "bench" });
var routerTask = router.RunAsync(await hub.CreateAsync("EventRouter", CancellationToken.None), stop.Token);
await Task.Delay(TimeSpan.FromSeconds(2)); // the MQTT link connects

var scene = new SyntheticScene();
string[] sinks = ["iotHub", "mqtt", "webhook"];
var latencies = sinks.ToDictionary(s => s, _ => new List<double>());
for (var trial = 0; trial < trials; trial++)
{
    var detector = new MotionDetector(SyntheticScene.Width, SyntheticScene.Height, new MotionDetectorOptions());
    var tracker = new MotionEventTracker(trackerOptions);
    var media = TimeSpan.Zero;
    for (var i = 0; i < 20; i++, media += frameInterval)
    {
        tracker.Observe(media, detector.Process(scene.Still)); // learns the still scene (not paced: it is not measured)
    }

    var onset = Stopwatch.GetTimestamp();
    MotionEventStart? started = null;
    for (var step = 0; started is null && step < 20; step++, media += frameInterval)
    {
        var due = onset + (long)(step * frameInterval.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < due)
        {
            await Task.Delay(1);
        }

        started = tracker.Observe(media, detector.Process(scene.WithIntruder(step))).Started;
    }

    if (started is null)
    {
        Console.Error.WriteLine("the detector saw no motion in 20 frames: the synthetic scene is wrong");
        return 1;
    }

    var eventId = string.Create(CultureInfo.InvariantCulture, $"bench-{trial:D3}");
    var contract = new MotionStarted("CameraCapture", eventId, DateTimeOffset.UtcNow, started.Score, started.Regions) { Zones = started.Zones };
    await camera.SendAsync("motion", ContractMessage.Create(contract, ContractsJsonContext.Default.MotionStarted, MessageTypes.MotionStarted, "CameraCapture"), CancellationToken.None);
    var alertId = $"CameraCapture:{eventId}:motion";
    var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
    while (sinks.Any(s => !arrivals.TryGet(s, alertId, out _)) && Stopwatch.GetTimestamp() < deadline)
    {
        await Task.Delay(5);
    }

    foreach (var sink in sinks)
    {
        if (arrivals.TryGet(sink, alertId, out var at))
        {
            latencies[sink].Add(Stopwatch.GetElapsedTime(onset, at).TotalMilliseconds);
        }
    }

    await Task.Delay(300); // trials apart
}

var goal = (trackerOptions.StartFrames * frameInterval.TotalMilliseconds) + 100;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"motion onset to alert, {trials} events, {Fps} fps analysis, startFrames {trackerOptions.StartFrames} (confirmation at frame {trackerOptions.StartFrames}, {(trackerOptions.StartFrames - 1) * frameInterval.TotalMilliseconds:0} ms after onset); goal <= {goal:0} ms"));
Console.WriteLine("sink      delivered   p50 ms   p95 ms   max ms");
foreach (var sink in sinks)
{
    var sorted = latencies[sink].Order().ToList();
    double Percentile(double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sink,-9} {sorted.Count,5}/{trials,-5} {Percentile(0.50),8:0.0} {Percentile(0.95),8:0.0} {(sorted.Count == 0 ? double.NaN : sorted[^1]),8:0.0}"));
}

await stop.CancelAsync();
try
{
    await routerTask;
}
catch (OperationCanceledException)
{
    // Stopped.
}

return 0;
