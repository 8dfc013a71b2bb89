using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Edge.Twin;
using EdgeCam.Testing.Mosquitto;

namespace EdgeCam.Containers.Tests.Deployment;

/// <summary>
/// One module's side of the <see cref="TestEdgeHub"/>: a Mosquitto of its own (the IoT Hub twin topics carry no client
/// id, and every module numbers its <c>$rid</c>s from 1, so modules sharing a broker would read each other's twin
/// answers; edgeHub keeps one connection per module) and the hub's client on it, which answers the module's twin
/// requests and reads its outputs.
/// </summary>
internal sealed class ModuleBrokerLink : IAsyncDisposable
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);
    private readonly Lock _lock = new();
    private readonly JsonObject _desired;
    private readonly JsonObject _reported = new() { ["$version"] = 1L };
    private int _twinGets;

    private ModuleBrokerLink(string module, MosquittoBroker broker, MqttNetConnection connection, JsonObject desired)
    {
        Module = module;
        Broker = broker;
        Connection = connection;
        _desired = desired;
        Topics = new IotHubTopics(TestEdgeHub.DeviceId, module);
    }

    public string Module { get; }

    public MosquittoBroker Broker { get; }

    public MqttNetConnection Connection { get; }

    public IotHubTopics Topics { get; }

    /// <summary>How many twin GETs the module sent (each answered with its desired properties).</summary>
    public int TwinGets => Volatile.Read(ref _twinGets);

    /// <summary>A copy of what the module reported.</summary>
    public JsonObject Reported
    {
        get
        {
            lock (_lock)
            {
                return (JsonObject)_reported.DeepClone();
            }
        }
    }

    /// <summary>
    /// Starts the module's broker and connects the hub to its plain port with a persistent session, subscribed (QoS 1)
    /// to the module's outputs and to its twin requests.
    /// </summary>
    public static async Task<ModuleBrokerLink> StartAsync(string module, JsonObject desired, CancellationToken cancellationToken)
    {
        var broker = await MosquittoBroker.StartAsync(cancellationToken);
        var connection = new MqttNetConnection();
        var link = new ModuleBrokerLink(module, broker, connection, desired);
        var outputs = link.Topics.Telemetry + "#";
        try
        {
            var options = new MqttConnectOptions(MosquittoBroker.Host, broker.Port, "edgeHub", null, null, null, KeepAlive, CleanSession: false)
            {
                AcknowledgeAfterHandling = [outputs],
            };
            await connection.ConnectAsync(options, cancellationToken);
            await connection.SubscribeAsync(
                [
                    new(outputs, MqttQos.AtLeastOnce, AcknowledgeAfterHandling: true),
                    new("$iothub/twin/GET/#", MqttQos.AtLeastOnce),
                    new("$iothub/twin/PATCH/properties/reported/#", MqttQos.AtLeastOnce),
                ],
                cancellationToken);
            return link;
        }
        catch
        {
            await link.DisposeAsync();
            throw;
        }
    }

    /// <summary>The output a message on this link came from, or null when it is not a module output (twin traffic).</summary>
    public ModuleMessage? ReadOutput(MqttIncomingMessage incoming)
    {
        if (!incoming.Topic.StartsWith(Topics.Telemetry, StringComparison.Ordinal))
        {
            return null;
        }

        return MessageTopic.Parse(incoming.Topic[Topics.Telemetry.Length..].TrimEnd('/'), incoming.Payload) with { ConnectionModuleId = Module };
    }

    /// <summary>Answers a twin GET (desired from the deployment, reported as patched) or a reported PATCH (merged, 204).</summary>
    public async Task AnswerTwinAsync(MqttIncomingMessage incoming, CancellationToken cancellationToken)
    {
        var topic = incoming.Topic;
        int question = topic.IndexOf('?', StringComparison.Ordinal);
        var rid = question < 0 ? null : PropertyBag.Find(topic[(question + 1)..], "$rid");
        if (rid is null)
        {
            return;
        }

        if (topic.StartsWith("$iothub/twin/GET/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _twinGets);
            string body;
            lock (_lock)
            {
                body = new JsonObject { ["desired"] = _desired.DeepClone(), ["reported"] = _reported.DeepClone() }.ToJsonString();
            }

            await Connection.PublishAsync($"$iothub/twin/res/200/?$rid={rid}", Encoding.UTF8.GetBytes(body), MqttQos.AtMostOnce, cancellationToken);
            return;
        }

        JsonObject? patch;
        try
        {
            patch = JsonNode.Parse(incoming.Payload.Span) as JsonObject;
        }
        catch (JsonException)
        {
            patch = null;
        }

        if (patch is null)
        {
            await Connection.PublishAsync($"$iothub/twin/res/400/?$rid={rid}", "{\"message\":\"not a JSON object\"}"u8.ToArray(), MqttQos.AtMostOnce, cancellationToken);
            return;
        }

        long version;
        lock (_lock)
        {
            version = (_reported["$version"]?.GetValue<long>() ?? 1) + 1;
            JsonMergePatch.Apply(_reported, patch);
            _reported["$version"] = version;
        }

        await Connection.PublishAsync(
            string.Create(CultureInfo.InvariantCulture, $"$iothub/twin/res/204/?$rid={rid}&$version={version}"), ReadOnlyMemory<byte>.Empty, MqttQos.AtMostOnce, cancellationToken);
    }

    /// <summary>
    /// Delivers <paramref name="message"/> to the module's input as edgeHub does (QoS 1, <c>$.cdid</c>/<c>$.cmid</c> in
    /// the bag); completes when the module's broker acknowledged it, which it does whether the module is connected or not
    /// (its persistent session keeps the message until the module comes back).
    /// </summary>
    public Task DeliverAsync(string inputName, ModuleMessage message, string fromModule, CancellationToken cancellationToken)
    {
        var bag = MessageTopic.ForTelemetry(new IotHubTopics(TestEdgeHub.DeviceId, null), null, message)[$"devices/{TestEdgeHub.DeviceId}/messages/events/".Length..];
        var connection = PropertyBag.Encode([new("$.cdid", TestEdgeHub.DeviceId), new("$.cmid", fromModule)]);
        var topic = $"{Topics.InputPrefix}{inputName}/{bag}{(bag.Length > 0 ? "&" : string.Empty)}{connection}";
        return Connection.PublishAsync(topic, message.Body, MqttQos.AtLeastOnce, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
