using System.Diagnostics;
using System.Globalization;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Testing;
using EdgeCam.Testing.Mosquitto;

// MQTT transport benchmark: MqttNetConnection against a local mosquitto on loopback, beside mosquitto_pub.
//   dotnet EdgeCam.Edge.Benchmarks.dll [messages]      the benchmark
//   dotnet EdgeCam.Edge.Benchmarks.dll --idle host port [ca-file]  (internal) holds an idle connection for the RSS figure
if (args is ["--idle", var idleHost, var idlePort, .. var idleCa])
{
    await using var idle = new MqttNetConnection();
    if (idlePort != "0")
    {
        var tls = idleCa is [var caFile] ? new MqttTlsOptions(caFile) : null;
        await idle.ConnectAsync(Options(idleHost, int.Parse(idlePort, CultureInfo.InvariantCulture), tls), CancellationToken.None);
    }

    Console.WriteLine("ready");
    await Task.Delay(Timeout.Infinite);
    return 0;
}

const int PayloadSize = 256;
const int Window = 64;
var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
Console.WriteLine($"mosquitto on 127.0.0.1 (plain {broker.Port}, TLS {broker.TlsPort}); {messages} QoS 1 messages of {PayloadSize} B, {Window} in flight");
Console.WriteLine();
Console.WriteLine($"{"client",-34} {"msgs/s",10} {"p50 ms",8} {"p99 ms",8}");
await RunConnectionAsync("MqttNetConnection plain", broker.Port, null);
await RunConnectionAsync("MqttNetConnection TLS", broker.TlsPort, new MqttTlsOptions(broker.CaFile));
await RunMosquittoPubAsync("mosquitto_pub -l plain", ["-p", $"{broker.Port}"]);
await RunMosquittoPubAsync("mosquitto_pub -l TLS", ["-p", $"{broker.TlsPort}", "--cafile", broker.CaFile]);
Console.WriteLine();
Console.WriteLine("Idle process (VmRSS, of which RssAnon: the process's own heap and code, not shared library pages):");
foreach (var (label, port, ca) in new (string, int, string?)[] { ("no connection", 0, null), ("plain connection", broker.Port, null), ("TLS connection, as a module", broker.TlsPort, broker.CaFile) })
{
    var (rss, anonymous) = await IdleRssAsync(port, ca);
    Console.WriteLine($"  {label,-30} {rss / 1024.0,6:F1} MB  (RssAnon {anonymous / 1024.0:F1} MB)");
}

return 0;

async Task RunConnectionAsync(string name, int port, MqttTlsOptions? tls)
{
    await using var connection = new MqttNetConnection();
    await connection.ConnectAsync(Options("localhost", port, tls), CancellationToken.None);
    var payload = new byte[PayloadSize];
    for (var i = 0; i < 200; i++)
    {
        await connection.PublishAsync("bench/warmup", payload, MqttQos.AtLeastOnce, CancellationToken.None);
    }

    var latencies = new double[messages];
    using var inFlight = new SemaphoreSlim(Window);
    var tasks = new List<Task>(messages);
    var total = Stopwatch.StartNew();
    for (var i = 0; i < messages; i++)
    {
        await inFlight.WaitAsync();
        var index = i;
        var started = Stopwatch.GetTimestamp();
        tasks.Add(connection.PublishAsync("devices/bench/messages/events/", payload, MqttQos.AtLeastOnce, CancellationToken.None).ContinueWith(
            _ =>
            {
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                inFlight.Release();
            },
            TaskScheduler.Default));
    }

    await Task.WhenAll(tasks);
    total.Stop();
    Array.Sort(latencies);
    Console.WriteLine($"{name,-34} {messages / total.Elapsed.TotalSeconds,10:F0} {latencies[messages / 2],8:F2} {latencies[(int)(messages * 0.99)],8:F2}");
}

async Task RunMosquittoPubAsync(string name, string[] extra)
{
    var info = new ProcessStartInfo(RequiredTool.MosquittoPub()) { RedirectStandardInput = true, UseShellExecute = false };
    foreach (var argument in (string[])["-h", "localhost", "-q", "1", "-t", "devices/bench/messages/events/", "-l", .. extra])
    {
        info.ArgumentList.Add(argument);
    }

    var line = new string('x', PayloadSize - 1) + "\n";
    var total = Stopwatch.StartNew();
    using var process = Process.Start(info)!;
    for (var i = 0; i < messages; i++)
    {
        await process.StandardInput.WriteAsync(line);
    }

    process.StandardInput.Close();
    await process.WaitForExitAsync();
    total.Stop();
    Console.WriteLine($"{name,-34} {messages / total.Elapsed.TotalSeconds,10:F0} {"-",8} {"-",8}   (process start to exit, its own in-flight window)");
}

static async Task<(long Rss, long Anonymous)> IdleRssAsync(int port, string? caFile)
{
    var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
    {
        info.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
    }

    foreach (var argument in new[] { "--idle", "localhost", port.ToString(CultureInfo.InvariantCulture), caFile })
    {
        if (argument is not null)
        {
            info.ArgumentList.Add(argument);
        }
    }

    using var process = Process.Start(info)!;
    try
    {
        _ = await process.StandardOutput.ReadLineAsync();
        await Task.Delay(2000);
        var status = await File.ReadAllLinesAsync($"/proc/{process.Id}/status");
        return (Kilobytes(status, "VmRSS:"), Kilobytes(status, "RssAnon:"));
    }
    finally
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    static long Kilobytes(string[] status, string key) =>
        long.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

static MqttConnectOptions Options(string host, int port, MqttTlsOptions? tls) =>
    new(host, port, "bench-" + Guid.NewGuid().ToString("N")[..8], null, null, tls, TimeSpan.FromSeconds(60), CleanSession: true);
