using System.Text.Json.Nodes;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.LocalBroker;
using EdgeCam.Agent.Run;
using EdgeCam.Edge.InProcess;
using EdgeCam.Testing;
using EdgeCam.Testing.Dps;
using EdgeCam.Testing.IotHub;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Mosquitto;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCam.Agent.Tests.Run;

[Trait("Category", "Integration")]
public sealed class RunCommandTests : IDisposable
{
    private const string GroupKey = "ZmFrZS1ncm91cC1rZXktZm9yLWVkZ2VjYW0tdGVzdHMhIQ==";
    private const string Template = """
        {
          "modulesContent": {
            "$edgeAgent": { "properties.desired": { "modules": { "EventRouter": {} } } },
            "$edgeHub": { "properties.desired": { "routes": { "alertsUpstream": "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream" } } },
            "EventRouter": { "properties.desired": { "alertsEnabled": true, "maxAlertsPerMinute": 12 } }
          }
        }
        """;

    private readonly TempDirectory _directory = new("agentrun");

    // Every run here hosts the embedded broker: each test on a free loopback port, never the product default 1883.
    private readonly int _brokerPort = LoopbackPort.Free();
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose()
    {
        _directory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Run_WithDpsGroupEnrollment_RegistersConnectsAndTheDeviceTwinOverridesTheTemplate()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var dps = await FakeDps.StartAsync(broker, new FakeDpsBehaviour("localhost", "pi-run", Polls: 1, RetryAfterSeconds: 1), CancellationToken.None);
        await using var iotHub = await TestIotHub.StartAsync(broker, JsonNode.Parse("""{"EventRouter":{"maxAlertsPerMinute":2}}""")!.AsObject(), CancellationToken.None);
        var options = Options(broker, "--dps-id-scope", "0ne00000001", "--dps-registration-id", "pi-run", "--dps-group-key", GroupKey);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var overridden = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        var command = new RunCommand(options, TextWriter.Null, TextWriter.Null, _logs)
        {
            Started = host => WatchAsync(host.Services.GetRequiredService<InProcessHub>(), overridden, stop),
        };

        int exitCode = await command.RunAsync(stop.Token);

        var desired = await overridden.Task;
        Assert.Equal(0, exitCode);
        Assert.Equal(2, desired["maxAlertsPerMinute"]!.GetValue<int>());
        Assert.True(desired["alertsEnabled"]!.GetValue<bool>());
        Assert.Contains("pi-run", File.ReadAllText(_directory.Combine("dps-assignment.json")), StringComparison.Ordinal);
        Assert.Contains("u'localhost/pi-run/?api-version=", broker.Log, StringComparison.Ordinal);
        Assert.All(_logs.Entries, e => Assert.DoesNotContain(GroupKey, e.Message, StringComparison.Ordinal));
        Assert.All(_logs.Entries, e => Assert.DoesNotContain("SharedAccessSignature", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_DpsRefuses401_ExitsWithBadInputAndOneClearLine()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var dps = await FakeDps.StartAsync(broker, new FakeDpsBehaviour("h", "d", RefuseWith: 401), CancellationToken.None);
        using var error = new StringWriter();
        var options = Options(broker, "--dps-id-scope", "0ne00000001", "--dps-registration-id", "pi-run", "--dps-key", GroupKey);

        int exitCode = await new RunCommand(options, TextWriter.Null, error, _logs).RunAsync(CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("answered 401", line, StringComparison.Ordinal);
        Assert.DoesNotContain(GroupKey, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StoppedDuringDpsRegistration_ExitsCleanlyWithOneLine()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var dps = await FakeDps.StartAsync(broker, new FakeDpsBehaviour("localhost", "pi-run", Polls: 100, RetryAfterSeconds: 30), CancellationToken.None);
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var options = Options(broker, "--dps-id-scope", "0ne00000001", "--dps-registration-id", "pi-run", "--dps-key", GroupKey);

        var run = new RunCommand(options, output, error, _logs).RunAsync(stop.Token);
        for (int i = 0; i < 200 && dps.Requests.IsEmpty; i++)
        {
            await Task.Delay(50);
        }

        Assert.False(dps.Requests.IsEmpty, "the agent never reached DPS");
        await stop.CancelAsync();
        int exitCode = await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("[agent] stopped before DPS registration finished", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.ToString());
        Assert.False(File.Exists(_directory.Combine("dps-assignment.json")));
    }

    [Fact]
    public async Task Run_WithoutIdentity_RunsOnTheTemplateUntilStopped()
    {
        using var stop = new CancellationTokenSource();
        var options = RunOptions.Parse(["--template", WriteTemplate(), "--data", _directory.Combine("data")], Environment);
        var started = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        var command = new RunCommand(options, TextWriter.Null, TextWriter.Null, _logs)
        {
            Started = host =>
            {
                started.TrySetResult(host.Services.GetRequiredService<InProcessHub>().GetDesiredProperties("EventRouter"));
                stop.Cancel();
                return Task.CompletedTask;
            },
        };

        int exitCode = await command.RunAsync(stop.Token);

        Assert.Equal(0, exitCode);
        Assert.Equal(12, (await started.Task)["maxAlertsPerMinute"]!.GetValue<int>());
        Assert.True(File.Exists(_directory.Combine("data", "alerts.jsonl")));
    }

    [Fact]
    public async Task Run_EmbeddedBrokerPortFromTheEnvironment_EventRouterIsOnlineOnThatPort()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = RunOptions.Parse(["--template", WriteTemplate(), "--data", _directory.Combine("data")], Environment);
        var online = new TaskCompletionSource<RecordedMqttMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var command = new RunCommand(options, TextWriter.Null, TextWriter.Null, _logs)
        {
            Started = async _ =>
            {
                // A subscriber on the port EDGECAM_MQTT_BROKER named: only the agent's embedded broker can be there.
                await using var subscriber = await TopicRecorder.StartAsync("127.0.0.1", _brokerPort, "edgecam/+/status", stop.Token);
                online.TrySetResult(await subscriber.WaitForAsync(m => m.Text == "online", "EventRouter said online on the embedded broker"));
                await stop.CancelAsync();
            },
        };

        int exitCode = await command.RunAsync(stop.Token);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.EndsWith("/status", (await online.Task).Topic, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownMqttBrokerValue_ExitsBadInputWithOneLineNamingIt()
    {
        using var error = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = RunOptions.Parse(["--template", WriteTemplate(), "--data", _directory.Combine("data")], name => name == LocalBrokerChoice.Variable ? "mosquitto" : null);

        int exitCode = await new RunCommand(options, TextWriter.Null, error, _logs).RunAsync(bound.Token);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Equal("error: EDGECAM_MQTT_BROKER='mosquitto' is not 'embedded', 'embedded:<port>', '<host>:<port>' or 'none'", Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private RunOptions Options(MosquittoBroker broker, params string[] identity) =>
        RunOptions.Parse(
            ["--template", WriteTemplate(), "--data", _directory.Path, "--dps-host", "localhost", "--port", broker.TlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ca-file", broker.CaFile, .. identity],
            Environment);

    private string? Environment(string name) => name == LocalBrokerChoice.Variable ? $"embedded:{_brokerPort}" : null;

    private string WriteTemplate()
    {
        var path = _directory.Combine("deployment.template.json");
        File.WriteAllText(path, Template);
        return path;
    }

    private static async Task WatchAsync(InProcessHub hub, TaskCompletionSource<JsonObject> overridden, CancellationTokenSource stop)
    {
        await Task.Yield();
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var desired = hub.GetDesiredProperties("EventRouter");
                if (desired["maxAlertsPerMinute"]?.GetValue<int>() == 2)
                {
                    overridden.TrySetResult(desired);
                    await stop.CancelAsync();
                    return;
                }

                await Task.Delay(50);
            }

            overridden.TrySetException(new TimeoutException("the device twin never reached EventRouter"));
        });
    }
}
