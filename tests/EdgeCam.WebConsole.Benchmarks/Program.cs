using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Agent.Hosting;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Deployment;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.WebConsole;
using EdgeCam.WebConsole.Benchmarks;
using EdgeCam.WebConsole.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenQA.Selenium.Chrome;

// Glass-to-glass delay of the console's live view: a clock camera (frame numbers as a bar of squares) played in real
// time through CameraCapture, its live socket and the console's MJPEG stream into headless Chromium, which decodes the
// bar each animation frame. For each frame that appears: delay = when it appeared (browser clock) − when the camera
// "took" it (session.json startedAt + frame number / fps). startedAt is read just before ffmpeg starts, so the delay
// includes ffmpeg's open time: the figures are an upper bound. Prints figures; asserts nothing.
// `pbkdf2 [checks]` instead times the console's password check (PasswordCheckTiming).
if (args.Length > 0 && args[0] == "pbkdf2")
{
    return PasswordCheckTiming.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10);
}

var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
using var dir = new TempDirectory("edgecam-console-bench");
var ffmpeg = RequiredTool.Ffmpeg();
var clip = dir.Combine("clock.mp4");
await ClockClip.GenerateAsync(ffmpeg, clip, TimeSpan.FromSeconds(seconds + 20));
var volume = new SharedVolume(dir.Combine("volume"));
var settings = new Dictionary<string, string?>(AgentHost.ModuleSettings(volume.Root, null))
{
    [ConsoleOptions.PortVariable] = "0",
    [ConsoleOptions.PasswordFileVariable] = dir.Combine("no-password.hash"),
    ["Logging:LogLevel:Default"] = "Warning",
};
var overrides = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
{
    ["CameraCapture"] = new() { ["source"] = clip, ["realtime"] = true, ["loop"] = false },
};
var template = DeploymentTemplate.Load(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json"));
using var host = AgentHost.Build(template, overrides, settings, new RecordingUpstreamSink(), console: true);
await host.StartAsync();
var url = (await host.Services.GetRequiredService<ConsoleModule>().Listening.WaitAsync(TimeSpan.FromSeconds(60)))[0];

var options = new ChromeOptions { BinaryLocation = RequiredTool.OnPath("chromium", "chromium") };
options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
var driverPath = RequiredTool.OnPath("chromedriver", "chromium-driver");
using var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
service.SuppressInitialDiagnosticInformation = true;
using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));

// Wait for the live socket (capture running), then watch.
var socket = volume.LiveSocket("CameraCapture");
for (var i = 0; i < 600 && !File.Exists(socket); i++)
{
    await Task.Delay(100);
}

driver.Navigate().GoToUrl($"{url}/live");
driver.ExecuteScript(ClockClip.WatchScript);
await Task.Delay(TimeSpan.FromSeconds(seconds));
var samples = JsonSerializer.Deserialize<long[][]>(JsonSerializer.Serialize(driver.ExecuteScript("return window.samples;")))!;
await host.StopAsync();

var session = Directory.EnumerateFiles(volume.SpoolDirectory("CameraCapture"), "session.json", SearchOption.AllDirectories).Single();
var startedAt = JsonSerializer.Deserialize(File.ReadAllBytes(session), ContractsJsonContext.Default.CaptureSession)!.StartedAt;
var delays = samples
    .Select(s => (Frame: s[0], Delay: DateTimeOffset.FromUnixTimeMilliseconds(s[1]) - startedAt - TimeSpan.FromSeconds(s[0] / (double)ClockClip.FramesPerSecond)))
    .Skip(1) // the first frame shown was taken before the page opened
    .Select(d => d.Delay.TotalMilliseconds)
    .Order()
    .ToList();
if (delays.Count == 0)
{
    Console.WriteLine("no frame appeared in the browser");
    return 1;
}

double Percentile(double p) => delays[(int)Math.Min(delays.Count - 1, Math.Round(p * (delays.Count - 1)))];
var interval = 1000.0; // CameraCapture's colour rate: one JPEG a second
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"console live view, glass to glass ({delays.Count} frames over {seconds} s, 1280x720, colour JPEGs at 1 fps, {Environment.ProcessorCount} cores)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  frame taken -> shown in the browser: min {delays[0]:0} ms, p50 {Percentile(0.5):0} ms, p95 {Percentile(0.95):0} ms, max {delays[^1]:0} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  age of the picture on screen (shown delay + up to {interval:0} ms until the next frame): mean {delays.Average() + (interval / 2):0} ms, worst {delays[^1] + interval:0} ms"));
return 0;
