using System.Buffers;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCam.Testing.Mosquitto;

/// <summary>One message a <see cref="TopicRecorder"/> received.</summary>
public sealed record RecordedMqttMessage(string Topic, byte[] Payload, bool Retain)
{
    /// <summary>The payload as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// A test subscriber (an MQTTnet client, as Home Assistant would be one) that records every message on a topic filter,
/// with its retain flag: connect it after the publisher to see what a broker kept retained.
/// </summary>
public sealed class TopicRecorder : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<RecordedMqttMessage> _messages = [];

    private TopicRecorder()
    {
    }

    /// <summary>Everything received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedMqttMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> and subscribes to <paramref name="filter"/> at QoS 1.</summary>
    public static async Task<TopicRecorder> StartAsync(string host, int port, string filter, CancellationToken cancellationToken)
    {
        var recorder = new TopicRecorder();
        recorder._client.ApplicationMessageReceivedAsync += e =>
        {
            var message = new RecordedMqttMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain);
            lock (recorder._messages)
            {
                recorder._messages.Add(message);
            }

            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithTcpServer(host, port)
            .WithClientId("recorder-" + Guid.NewGuid().ToString("N")[..8])
            .WithCleanSession(true)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        await recorder._client.ConnectAsync(options, cancellationToken);
        await recorder._client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            cancellationToken);
        return recorder;
    }

    /// <summary>The last message on <paramref name="topic"/>, or null.</summary>
    public RecordedMqttMessage? Last(string topic) => Messages.LastOrDefault(m => m.Topic == topic);

    /// <summary>Waits (bounded) until a message matching <paramref name="predicate"/> arrived and returns the first such.</summary>
    public async Task<RecordedMqttMessage> WaitForAsync(Func<RecordedMqttMessage, bool> predicate, string because, int timeoutMs = 15000)
    {
        RecordedMqttMessage? found = null;
        await Eventually.TrueAsync(() => (found = Messages.FirstOrDefault(predicate)) is not null, because, timeoutMs);
        return found!;
    }

    /// <summary>Waits (bounded) until the last message on <paramref name="topic"/> has the payload <paramref name="text"/>.</summary>
    public Task WaitForStateAsync(string topic, string text, int timeoutMs = 15000) =>
        Eventually.TrueAsync(() => Last(topic)?.Text == text, $"'{topic}' is '{text}' (last: '{Last(topic)?.Text}')", timeoutMs);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync();
            }
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The broker went first.
        }

        _client.Dispose();
    }
}
