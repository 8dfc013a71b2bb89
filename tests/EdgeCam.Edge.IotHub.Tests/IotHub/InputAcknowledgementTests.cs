using System.Collections.Concurrent;
using System.Text;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Testing.Network;
using EdgeCam.Testing;
using EdgeCam.Testing.IotHub;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Mosquitto;
using static EdgeCam.Edge.IotHub.Tests.IotHub.IotHubTestClient;

namespace EdgeCam.Edge.IotHub.Tests.IotHub;

/// <summary>A module input is acknowledged only after its handler finished: what was not handled comes back.</summary>
[Trait("Category", "Integration")]
public sealed class InputAcknowledgementTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task Input_ClientClosedWhileHandlerRuns_RedeliveredToTheNextClient()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        var first = Create(broker, _logs);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.SetInputHandler("control", async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        await first.OpenAsync(CancellationToken.None);

        await SendAsync(hub, "m-1", "arm");
        await started.Task.WaitAsync(Wait);
        await first.DisposeAsync(); // cancels the handler: no PUBACK
        await using var second = Create(broker, _logs);
        var handled = second.RecordInputs("control");
        await second.OpenAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => !handled.IsEmpty, "the unacknowledged input came back");
        var again = Assert.Single(handled);
        Assert.Equal(("m-1", "arm"), (again.MessageId, again.BodyText));
    }

    [Fact]
    public async Task CloudToDevice_DeviceClientClosedWhileHandlerRuns_RedeliveredToTheNextClient()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        var device = ConnectionStringCredentials.Parse($"HostName=localhost;DeviceId=dev1;SharedAccessKey={Key}");
        var first = Create(broker, _logs, credentials: device);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.SetInputHandler(IotHubModuleClient.CloudToDeviceInput, async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        await first.OpenAsync(CancellationToken.None);

        await hub.PublishAsync("devices/dev1/messages/devicebound/%24.mid=c2d-1&cmd=reboot", "now", MqttQos.AtLeastOnce, CancellationToken.None);
        await started.Task.WaitAsync(Wait);
        await first.DisposeAsync();
        await using var second = Create(broker, _logs, credentials: device);
        var handled = second.RecordInputs(IotHubModuleClient.CloudToDeviceInput);
        await second.OpenAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => !handled.IsEmpty, "the unacknowledged C2D message came back");
        var again = Assert.Single(handled);
        Assert.Equal(("c2d-1", "now", "reboot"), (again.MessageId, again.BodyText, again.Properties["cmd"]));
    }

    [Fact]
    public async Task Input_ConnectionDroppedWhileHandlerRuns_RedeliveredAfterReconnect_ThenNotAgain()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await using var relay = new LoopbackTcpProxy(broker.TlsPort);
        await using var client = Create(broker, _logs, Options(broker) with { Port = relay.Port });
        var calls = new ConcurrentQueue<string?>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.SetInputHandler("control", async (message, ct) =>
        {
            calls.Enqueue(message.MessageId);
            started.TrySetResult();
            await release.Task.WaitAsync(ct);
        });
        await client.OpenAsync(CancellationToken.None);

        await SendAsync(hub, "m-1", "arm");
        await started.Task.WaitAsync(Wait);
        relay.SeverAll(); // as a crash looks to the broker: no DISCONNECT, no PUBACK
        await Eventually.TrueAsync(() => _logs.Entries.Any(e => e.EventId == 319), "the client reconnected", timeoutMs: 10_000);
        release.SetResult();
        await Eventually.TrueAsync(() => calls.Count >= 2, "the input came back on the new connection");
        await SendAsync(hub, "m-2", "disarm");
        await Eventually.TrueAsync(() => calls.Contains("m-2"), "the next input arrived");

        Assert.Equal(["m-1", "m-1", "m-2"], calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Input_HandlerReturnedOrThrew_AcknowledgedAndNotRedelivered(bool throws)
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        var first = Create(broker, _logs);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.SetInputHandler("control", (_, _) =>
        {
            finished.TrySetResult();
            return throws ? throw new InvalidOperationException("poison") : Task.CompletedTask;
        });
        await first.OpenAsync(CancellationToken.None);

        await SendAsync(hub, "m-1", "arm");
        await finished.Task.WaitAsync(Wait);
        await first.DisposeAsync();
        await using var second = Create(broker, _logs);
        var handled = second.RecordInputs("control");
        await second.OpenAsync(CancellationToken.None);
        await SendAsync(hub, "m-2", "disarm");
        await Eventually.TrueAsync(() => handled.Any(m => m.MessageId == "m-2"), "the next input arrived");

        Assert.Equal(["m-2"], handled.Select(m => m.MessageId));
        Assert.Equal(throws, _logs.Entries.Any(e => e.EventId == 309));
    }

    [Fact]
    public async Task Input_HandlerDidNotTakeIt_LeftUnacknowledgedAndRedeliveredToTheNextClient()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        var first = Create(broker, _logs);
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.SetInputHandler("control", (_, _) =>
        {
            refused.TrySetResult();
            throw new MessageNotTakenException("stopping");
        });
        await first.OpenAsync(CancellationToken.None);

        await SendAsync(hub, "m-1", "arm");
        await refused.Task.WaitAsync(Wait);
        await first.DisposeAsync();
        await using var second = Create(broker, _logs);
        var handled = second.RecordInputs("control");
        await second.OpenAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => !handled.IsEmpty, "the input not taken came back");
        Assert.Equal(("m-1", "arm"), (handled.Single().MessageId, handled.Single().BodyText));
        Assert.Contains(_logs.Entries, e => e.EventId == 317);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId == 309);
    }

    private static Task SendAsync(TestIotHub hub, string messageId, string body) =>
        hub.SendToInputAsync("dev1", "camera", "control", new ModuleMessage(Encoding.UTF8.GetBytes(body)) { MessageId = messageId }, CancellationToken.None);
}
