using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Testing.Mosquitto;

namespace EdgeCam.Testing.Dps;

/// <summary>How the fake DPS answers a registration.</summary>
/// <param name="AssignedHub">The hub it assigns.</param>
/// <param name="DeviceId">The device id it assigns.</param>
/// <param name="Polls">How many status polls it takes: the last answers 200 "assigned", those before 202 "assigning".</param>
/// <param name="RetryAfterSeconds">The <c>retry-after</c> on every 202.</param>
/// <param name="RefuseWith">When set, the register request is answered with this status (for example 401).</param>
public sealed record FakeDpsBehaviour(string AssignedHub, string DeviceId, int Polls = 1, int RetryAfterSeconds = 1, int? RefuseWith = null);

/// <summary>
/// A stand-in for the Device Provisioning Service on a real broker (plain port): answers
/// <c>$dps/registrations/PUT/iotdps-register</c> with 202 and an operation id, then
/// <c>iotdps-get-operationstatus</c> polls with 202 until the configured count, then 200 with the assignment, each on
/// <c>$dps/registrations/res/{status}/?$rid={rid}&amp;retry-after={s}</c> as DPS does. Records what it received and when.
/// </summary>
public sealed class FakeDps : IAsyncDisposable
{
    private const string OperationId = "4.0123456789abcdef.fake-operation";

    private readonly MqttNetConnection _connection;
    private readonly FakeDpsBehaviour _behaviour;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private int _polls;

    private FakeDps(MqttNetConnection connection, FakeDpsBehaviour behaviour)
    {
        _connection = connection;
        _behaviour = behaviour;
    }

    /// <summary>The requests received: topic, payload and arrival time.</summary>
    public ConcurrentQueue<(string Topic, string Payload, DateTimeOffset At)> Requests { get; } = new();

    /// <summary>Starts answering on <paramref name="broker"/>.</summary>
    public static async Task<FakeDps> StartAsync(MosquittoBroker broker, FakeDpsBehaviour behaviour, CancellationToken cancellationToken)
    {
        var connection = new MqttNetConnection();
        await connection.ConnectAsync(
            new MqttConnectOptions(MosquittoBroker.Host, broker.Port, "fake-dps", null, null, null, TimeSpan.FromSeconds(30), CleanSession: true),
            cancellationToken);
        await connection.SubscribeAsync(
            [new("$dps/registrations/PUT/#", MqttQos.AtLeastOnce), new("$dps/registrations/GET/#", MqttQos.AtLeastOnce)],
            cancellationToken);
        var dps = new FakeDps(connection, behaviour);
        dps._loop = Task.Run(() => dps.AnswerAsync(dps._stopping.Token), CancellationToken.None);
        return dps;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        await _connection.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task AnswerAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var message in _connection.Messages.ReadAllAsync(stopping))
            {
                Requests.Enqueue((message.Topic, Encoding.UTF8.GetString(message.Payload.Span), DateTimeOffset.UtcNow));
                var query = message.Topic[(message.Topic.IndexOf('?', StringComparison.Ordinal) + 1)..];
                var rid = PropertyBag.Find(query, "$rid") ?? "0";
                var (status, body) = message.Topic.Contains("iotdps-register", StringComparison.Ordinal) ? Register() : Poll();
                var retry = status == 202 ? string.Create(CultureInfo.InvariantCulture, $"&retry-after={_behaviour.RetryAfterSeconds}") : string.Empty;
                await _connection.PublishAsync($"$dps/registrations/res/{status}/?$rid={rid}{retry}", Encoding.UTF8.GetBytes(body.ToJsonString()), MqttQos.AtLeastOnce, stopping);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private (int, JsonObject) Register() =>
        _behaviour.RefuseWith is { } status
            ? (status, new JsonObject { ["errorCode"] = status * 1000 + 2, ["message"] = "Unauthorized", ["trackingId"] = "fake" })
            : (202, new JsonObject { ["operationId"] = OperationId, ["status"] = "assigning" });

    private (int, JsonObject) Poll()
    {
        if (Interlocked.Increment(ref _polls) < _behaviour.Polls)
        {
            return (202, new JsonObject { ["operationId"] = OperationId, ["status"] = "assigning" });
        }

        return (200, new JsonObject
        {
            ["operationId"] = OperationId,
            ["status"] = "assigned",
            ["registrationState"] = new JsonObject
            {
                ["registrationId"] = _behaviour.DeviceId,
                ["assignedHub"] = _behaviour.AssignedHub,
                ["deviceId"] = _behaviour.DeviceId,
                ["status"] = "assigned",
                ["substatus"] = "initialAssignment",
            },
        });
    }
}
