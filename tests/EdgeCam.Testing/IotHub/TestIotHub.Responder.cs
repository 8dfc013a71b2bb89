using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Testing.Mosquitto;

namespace EdgeCam.Testing.IotHub;

/// <summary>The hub's connection and its answers to the twin and method topics.</summary>
public sealed partial class TestIotHub
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(50);

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var connection = new MqttNetConnection();
            try
            {
                var options = new MqttConnectOptions(MosquittoBroker.Host, _broker.Port, "test-iothub", null, null, null, TimeSpan.FromSeconds(30), CleanSession: false);
                await connection.ConnectAsync(options, cancellationToken);
                await connection.SubscribeAsync([new("#", MqttQos.AtLeastOnce), new("$iothub/#", MqttQos.AtLeastOnce)], cancellationToken);
                _connection.TrySetResult(connection);
                return;
            }
            catch (MqttConnectException)
            {
                await connection.DisposeAsync();
                await Task.Delay(ReconnectDelay, cancellationToken);
            }
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var connection = await _connection.Task;
            var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.ConnectionLost += (_, _) => lost.TrySetResult();
            var reading = ReadAsync(connection, stopping);
            await Task.WhenAny(lost.Task, reading, Task.Delay(Timeout.Infinite, stopping)).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            _connection = new(TaskCreationOptions.RunContinuationsAsynchronously);
            await connection.DisposeAsync();
            await reading.ContinueWith(_ => { }, TaskScheduler.Default);
            try
            {
                await ConnectAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReadAsync(MqttNetConnection connection, CancellationToken stopping)
    {
        try
        {
            await foreach (var message in connection.Messages.ReadAllAsync(stopping))
            {
                _seen.Enqueue(message);
                await AnswerAsync(message, stopping);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or MqttConnectException or InvalidOperationException)
        {
            // The connection went away; RunAsync reconnects.
        }
    }

    private async Task AnswerAsync(MqttIncomingMessage message, CancellationToken cancellationToken)
    {
        var topic = message.Topic;
        var rid = topic.Contains('?', StringComparison.Ordinal) ? PropertyBag.Find(topic[(topic.IndexOf('?', StringComparison.Ordinal) + 1)..], "$rid") : null;
        if (topic.StartsWith("$iothub/twin/GET/", StringComparison.Ordinal) && rid is not null)
        {
            Interlocked.Increment(ref _twinGets);
            if (Volatile.Read(ref _twinGetsToIgnore) > 0 && Interlocked.Decrement(ref _twinGetsToIgnore) >= 0)
            {
                return;
            }

            if (_nextTwinStatuses.TryDequeue(out int failure))
            {
                await PublishAsync($"$iothub/twin/res/{failure}/?$rid={rid}", "{\"message\":\"test hub failure\"}", MqttQos.AtMostOnce, cancellationToken);
                return;
            }

            string body;
            lock (_lock)
            {
                body = Interlocked.Exchange(ref _nextTwinBody, null) ?? new JsonObject { ["desired"] = Copy(_desired), ["reported"] = Copy(_reported) }.ToJsonString();
            }

            await PublishAsync($"$iothub/twin/res/200/?$rid={rid}", body, MqttQos.AtMostOnce, cancellationToken);
        }
        else if (topic.StartsWith("$iothub/twin/PATCH/properties/reported/", StringComparison.Ordinal) && rid is not null)
        {
            if (_nextTwinStatuses.TryDequeue(out int failure))
            {
                await PublishAsync($"$iothub/twin/res/{failure}/?$rid={rid}", string.Empty, MqttQos.AtMostOnce, cancellationToken);
                return;
            }

            if (ParseObject(message.Payload) is not { } patch)
            {
                await PublishAsync($"$iothub/twin/res/400/?$rid={rid}", "{\"message\":\"malformed JSON\"}", MqttQos.AtMostOnce, cancellationToken);
                return;
            }

            long version;
            lock (_lock)
            {
                version = Version(_reported) + 1;
                Merge(_reported, patch);
                _reported["$version"] = version;
            }

            await PublishAsync(string.Create(CultureInfo.InvariantCulture, $"$iothub/twin/res/204/?$rid={rid}&$version={version}"), string.Empty, MqttQos.AtMostOnce, cancellationToken);
        }
        else if (topic.StartsWith("$iothub/methods/res/", StringComparison.Ordinal) && rid is not null && _methodCalls.TryRemove(rid, out var call))
        {
            var status = int.Parse(topic.Split('/')[3], CultureInfo.InvariantCulture);
            call.TrySetResult((status, Encoding.UTF8.GetString(message.Payload.Span)));
        }
    }

    private async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, CancellationToken cancellationToken)
    {
        var connection = await _connection.Task.WaitAsync(cancellationToken);
        await connection.PublishAsync(topic, payload, qos, cancellationToken);
    }

    private static JsonObject? ParseObject(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return JsonNode.Parse(payload.Span) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
