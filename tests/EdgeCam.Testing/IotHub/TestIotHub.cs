using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Testing.Mosquitto;

namespace EdgeCam.Testing.IotHub;

/// <summary>
/// A stand-in for IoT Hub (which cannot run here) on a real broker: a client on the plain port that answers the
/// <c>$iothub</c> twin topics as IoT Hub does (GET → <c>res/200</c> with <c>desired</c> and <c>reported</c>, reported
/// PATCH → <c>res/204</c> with the new <c>$version</c>), pushes desired patches, invokes direct methods, sends to module
/// inputs and C2D, and records everything it sees (subscribed to <c>#</c> and <c>$iothub/#</c> at QoS 1, so each
/// record keeps the QoS it was published with). One device identity per broker: the twin topics are not per client.
/// It reconnects by itself when the broker restarts, with a persistent session (CleanSession 0), so on a broker with
/// persistence (see <see cref="PersistentBrokerOptions"/>) nothing published while it reconnects is lost to it.
/// </summary>
public sealed partial class TestIotHub : IAsyncDisposable
{
    private readonly MosquittoBroker _broker;
    private readonly ConcurrentQueue<MqttIncomingMessage> _seen = new();
    private readonly ConcurrentQueue<int> _nextTwinStatuses = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(int, string)>> _methodCalls = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly JsonObject _desired = new() { ["$version"] = 1L };
    private readonly JsonObject _reported = new() { ["$version"] = 1L };
    private TaskCompletionSource<MqttNetConnection> _connection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private string? _nextTwinBody;
    private int _twinGets;
    private int _twinGetsToIgnore;
    private long _methodIds;

    private TestIotHub(MosquittoBroker broker)
    {
        _broker = broker;
    }

    /// <summary>
    /// Broker options that keep sessions across <see cref="MosquittoBroker.RestartAsync"/> (saved on every change), so the
    /// test hub's subscriptions, and the QoS 1 messages queued for it, survive a restart.
    /// </summary>
    public static MosquittoBrokerOptions PersistentBrokerOptions(TempDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        TestCertificates.SetMode(directory.Path, 0b111_111_111); // a root-started mosquitto writes as user mosquitto
        return new MosquittoBrokerOptions(ExtraConfiguration:
            $"persistence true\npersistence_location {directory.Path}/\nautosave_interval 1\nautosave_on_changes true");
    }

    /// <summary>Every message seen on the broker, in arrival order (the hub's own publishes included).</summary>
    public IReadOnlyList<MqttIncomingMessage> Seen => [.. _seen];

    /// <summary>Telemetry and module outputs, as the routes of a real hub would receive them.</summary>
    public IReadOnlyList<ModuleMessage> Telemetry =>
        [.. Seen.Where(m => m.Topic.Contains("/messages/events/", StringComparison.Ordinal)).Select(ParseTelemetry)];

    /// <summary>How many twin GETs the hub answered.</summary>
    public int TwinGets => Volatile.Read(ref _twinGets);

    /// <summary>A copy of the desired section.</summary>
    public JsonObject Desired => Copy(_desired);

    /// <summary>A copy of the reported section.</summary>
    public JsonObject Reported => Copy(_reported);

    /// <summary>Starts the hub on <paramref name="broker"/>'s plain port with <paramref name="desired"/> as the desired section (version 1).</summary>
    public static async Task<TestIotHub> StartAsync(MosquittoBroker broker, JsonObject? desired, CancellationToken cancellationToken)
    {
        var hub = new TestIotHub(broker);
        if (desired is not null)
        {
            hub.SetDesired(desired);
        }

        await hub.ConnectAsync(cancellationToken);
        hub._loop = Task.Run(() => hub.RunAsync(hub._stopping.Token), CancellationToken.None);
        return hub;
    }

    /// <summary>Replaces the desired section without telling anyone (as a change made while the device was offline): <c>$version</c> + 1.</summary>
    public long SetDesired(JsonObject desired)
    {
        lock (_lock)
        {
            long version = Version(_desired) + 1;
            foreach (var key in _desired.Select(p => p.Key).ToList())
            {
                _desired.Remove(key);
            }

            foreach (var (key, value) in Copy(desired))
            {
                _desired[key] = value?.DeepClone();
            }

            _desired["$version"] = version;
            return version;
        }
    }

    /// <summary>Merges a desired patch and publishes it on <c>$iothub/twin/PATCH/properties/desired/?$version=n</c>, as IoT Hub does.</summary>
    public async Task<long> PatchDesiredAsync(JsonObject patch, CancellationToken cancellationToken)
    {
        JsonObject delivered;
        lock (_lock)
        {
            long version = Version(_desired) + 1;
            Merge(_desired, patch);
            _desired["$version"] = version;
            delivered = Copy(patch);
            delivered["$version"] = version;
        }

        long v = Version(delivered);
        await PublishAsync($"$iothub/twin/PATCH/properties/desired/?$version={v}", delivered.ToJsonString(), MqttQos.AtMostOnce, cancellationToken);
        return v;
    }

    /// <summary>Answers the next twin requests (GET or PATCH) with these statuses, one each, before answering normally.</summary>
    public void FailNextTwinRequests(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _nextTwinStatuses.Enqueue(status);
        }
    }

    /// <summary>Counts the next <paramref name="count"/> twin GETs but never answers them (a hub that went away mid-request).</summary>
    public void LeaveNextTwinGetsUnanswered(int count) => Interlocked.Exchange(ref _twinGetsToIgnore, count);

    /// <summary>Answers the next twin GET with this body (status 200) instead of the twin.</summary>
    public void AnswerNextTwinGetWith(string body) => _nextTwinBody = body;

    /// <summary>Invokes a direct method as IoT Hub does and waits for the device's answer.</summary>
    public async Task<(int Status, string Payload)> InvokeMethodAsync(string name, string payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var rid = Interlocked.Increment(ref _methodIds).ToString(CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<(int, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _methodCalls[rid] = answer;
        await PublishAsync($"$iothub/methods/POST/{name}/?$rid={rid}", payload, MqttQos.AtMostOnce, cancellationToken);
        return await answer.Task.WaitAsync(timeout, cancellationToken);
    }

    /// <summary>Delivers a message to a module input as edgeHub does (QoS 1, <c>$.cdid</c>/<c>$.cmid</c> in the bag).</summary>
    public Task SendToInputAsync(string deviceId, string moduleId, string inputName, ModuleMessage message, CancellationToken cancellationToken)
    {
        var bag = MessageTopic.ForTelemetry(new IotHubTopics("x", null), null, message)["devices/x/messages/events/".Length..];
        var extra = PropertyBag.Encode([new("$.cdid", deviceId), new("$.cmid", "sender")]);
        var topic = $"devices/{deviceId}/modules/{moduleId}/inputs/{inputName}/{bag}{(bag.Length > 0 ? "&" : string.Empty)}{extra}";
        return PublishAsync(topic, message.Body, MqttQos.AtLeastOnce, cancellationToken);
    }

    /// <summary>Publishes a raw message (for unexpected topics and malformed payloads).</summary>
    public Task PublishAsync(string topic, string payload, MqttQos qos, CancellationToken cancellationToken) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(payload), qos, cancellationToken);

    /// <summary>Waits until a seen message satisfies <paramref name="predicate"/>.</summary>
    public async Task<MqttIncomingMessage> WaitForAsync(Func<MqttIncomingMessage, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_seen.FirstOrDefault(predicate) is { } hit)
            {
                return hit;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the test hub did not see the expected message within {timeout}; seen: {string.Join(", ", Seen.Select(m => m.Topic))}");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        if (_connection.Task.IsCompletedSuccessfully)
        {
            await _connection.Task.Result.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private static ModuleMessage ParseTelemetry(MqttIncomingMessage message)
    {
        int events = message.Topic.IndexOf("/messages/events/", StringComparison.Ordinal) + "/messages/events/".Length;
        return MessageTopic.Parse(message.Topic[events..].TrimEnd('/'), message.Payload);
    }

    private static JsonObject Copy(JsonObject node) => JsonNode.Parse(node.ToJsonString())!.AsObject();

    private static long Version(JsonObject section) => section["$version"]?.GetValue<long>() ?? 0;

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (key == "$version")
            {
                continue;
            }

            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
