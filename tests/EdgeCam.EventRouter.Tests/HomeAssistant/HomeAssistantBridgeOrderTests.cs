using System.Text;
using EdgeCam.Contracts.Motion;
using EdgeCam.EventRouter.HomeAssistant;
using EdgeCam.EventRouter.LocalMqtt;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.EventRouter.Tests.HomeAssistant;

/// <summary>The order in which the bridge's retained states reach the broker, through a client whose PUBACKs the test holds.</summary>
public sealed class HomeAssistantBridgeOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_MotionEndsWhileReconnectionRepublishes_LastMotionStatePublishedIsOff()
    {
        var client = new HeldClient();
        var link = new LocalMqttLink(() => LocalMqttSettings.Default with { Enabled = true }, null, "dev1", () => client, TimeProvider.System, NullLogger<LocalMqttLink>.Instance);
        var bridge = new HomeAssistantBridge(link, () => HomeAssistantSettings.Default, null, NullLogger<HomeAssistantBridge>.Instance);
        bridge.OnMotionStarted(new MotionStarted("cam1", "evt-1", T0, 0.2, [], null));
        using var stop = new CancellationTokenSource();
        var linkRun = link.RunAsync(stop.Token);
        var bridgeRun = bridge.RunAsync(stop.Token);

        // The reconnection's republish (discovery documents, then motion ON) is held at its first document...
        await client.FirstHeld.Task.WaitAsync(TimeSpan.FromSeconds(15));
        bridge.OnMotionEnded(new MotionEnded("cam1", "evt-1", T0, T0.AddSeconds(6), 0.3, 12));
        await Task.Delay(300); // the worker's chance to publish OFF beside the held republish
        client.Release();

        // ...and once everything is out, the broker's retained motion state is the later one.
        await Eventually.TrueAsync(() => client.Published("edgecam/dev1/cam1/motion").Contains("OFF"), "motion OFF was published");
        await Task.Delay(300);
        Assert.Equal("OFF", client.Published("edgecam/dev1/cam1/motion")[^1]);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => linkRun);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bridgeRun);
    }

    /// <summary>Connects at once and records publishes; holds the first discovery document's PUBACK until released.</summary>
    private sealed class HeldClient : ILocalMqttClient
    {
        private readonly Lock _gate = new();
        private readonly List<(string Topic, string Text)> _published = [];
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _held;

        public TaskCompletionSource FirstHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsConnected { get; private set; }

        public Func<LocalMqttMessage, Task>? MessageReceived { get; set; }

        public void Release() => _release.TrySetResult();

        public List<string> Published(string topic)
        {
            lock (_gate)
            {
                return _published.Where(p => p.Topic == topic).Select(p => p.Text).ToList();
            }
        }

        public Task ConnectAsync(LocalMqttConnectOptions options, CancellationToken cancellationToken)
        {
            IsConnected = true;
            return Task.CompletedTask;
        }

        public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
        {
            bool hold;
            lock (_gate)
            {
                hold = !_held && topic.StartsWith("homeassistant/", StringComparison.Ordinal);
                _held |= hold;
            }

            if (hold)
            {
                FirstHeld.TrySetResult();
                await _release.Task.WaitAsync(cancellationToken);
            }

            lock (_gate)
            {
                _published.Add((topic, Encoding.UTF8.GetString(payload.Span)));
            }
        }

        public Task SubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DisconnectAsync(CancellationToken cancellationToken)
        {
            IsConnected = false;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
