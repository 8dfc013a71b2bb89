using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Mqtt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Edge.Identity.Dps;

/// <summary>
/// Registers a device with DPS over MQTT and a symmetric key: connect as the registration (SAS with
/// <c>skn=registration</c>), subscribe <c>$dps/registrations/res/#</c>, PUT <c>iotdps-register</c>, then poll
/// <c>iotdps-get-operationstatus</c> after each <c>retry-after</c> until DPS answers 200 with the assigned hub.
/// 429 and 5xx are retried after <c>retry-after</c>; any other status ≥ 400 is final.
/// </summary>
public sealed partial class DpsRegistrationClient
{
    private const string ResponseFilter = "$dps/registrations/res/#";
    private const string ResponsePrefix = "$dps/registrations/res/";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(1);

    private readonly Func<IMqttConnection> _connectionFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _requestIds;

    public DpsRegistrationClient(Func<IMqttConnection> connectionFactory, TimeProvider timeProvider, ILogger<DpsRegistrationClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connectionFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _connectionFactory = connectionFactory;
        _time = timeProvider;
        _logger = logger ?? NullLogger<DpsRegistrationClient>.Instance;
    }

    /// <summary>Registers and returns the assigned hub and device id.</summary>
    /// <exception cref="DpsRegistrationException">DPS refused the credentials, failed the registration, or did not finish.</exception>
    public async Task<DpsAssignment> RegisterAsync(DpsSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var connection = _connectionFactory();
        await ConnectAsync(connection, settings, cancellationToken);
        await connection.SubscribeAsync([new MqttSubscription(ResponseFilter, MqttQos.AtLeastOnce)], cancellationToken);
        LogRegistering(_logger, settings.RegistrationId, settings.IdScope, settings.Host);

        var register = new JsonObject { ["registrationId"] = settings.RegistrationId }.ToJsonString();
        Func<string, string> next = rid => $"$dps/registrations/PUT/iotdps-register/?$rid={rid}";
        string payload = register;
        for (int attempt = 1; attempt <= settings.MaxPolls; attempt++)
        {
            var response = await RequestAsync(connection, next, payload, settings, cancellationToken);
            switch (response.Status)
            {
                case 200:
                    return Assigned(response.Body, settings);
                case 202:
                    var operationId = (string?)response.Body?["operationId"]
                        ?? throw Fail(settings, "answered 202 without an operationId", 202);
                    next = rid => $"$dps/registrations/GET/iotdps-get-operationstatus/?$rid={rid}&operationId={Uri.EscapeDataString(operationId)}";
                    payload = string.Empty;
                    break;
                case 429 or >= 500:
                    LogRetrying(_logger, settings.RegistrationId, response.Status, response.RetryAfter ?? settings.DefaultRetryAfter);
                    break;
                default:
                    throw Fail(settings, $"answered {response.Status}{Explain(response.Status)}: {Detail(response.Body)}", response.Status);
            }

            await Task.Delay(response.RetryAfter ?? settings.DefaultRetryAfter, _time, cancellationToken);
        }

        throw Fail(settings, $"did not finish the registration within {settings.MaxPolls} polls", null);
    }

    private async Task ConnectAsync(IMqttConnection connection, DpsSettings settings, CancellationToken cancellationToken)
    {
        var token = SasToken.Create(settings.ResourceUri, settings.DeviceKey, _time.GetUtcNow() + TokenLifetime, "registration");
        var tls = new MqttTlsOptions(settings.CaFile, settings.CaFile is null ? settings.CaDirectory : null);
        var options = new MqttConnectOptions(settings.Host, settings.Port, settings.RegistrationId, settings.Username, token, tls, TimeSpan.FromSeconds(60), CleanSession: true);
        try
        {
            await connection.ConnectAsync(options, cancellationToken);
        }
        catch (MqttConnectException ex) when (ex.IsAuthenticationFailure)
        {
            throw Fail(settings, $"refused the credentials (CONNACK {ex.ConnackReturnCode}){Explain(401)}", 401, ex);
        }
        catch (MqttConnectException ex)
        {
            throw Fail(settings, $"cannot be reached: {ex.Message}", null, ex);
        }
    }

    private async Task<DpsResponse> RequestAsync(IMqttConnection connection, Func<string, string> topic, string payload, DpsSettings settings, CancellationToken cancellationToken)
    {
        var rid = Interlocked.Increment(ref _requestIds).ToString(CultureInfo.InvariantCulture);
        await connection.PublishAsync(topic(rid), Encoding.UTF8.GetBytes(payload), MqttQos.AtLeastOnce, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ResponseTimeout);
        try
        {
            await foreach (var message in connection.Messages.ReadAllAsync(timeout.Token))
            {
                if (DpsResponse.TryParse(message, rid) is { } response)
                {
                    return response;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(settings, $"did not answer within {settings.ResponseTimeout.TotalSeconds:F0} s", null);
        }

        throw Fail(settings, "closed the connection", null);
    }

    private DpsAssignment Assigned(JsonObject? body, DpsSettings settings)
    {
        var state = body?["registrationState"] as JsonObject;
        var status = (string?)body?["status"] ?? (string?)state?["status"];
        if (status != "assigned" || (string?)state?["assignedHub"] is not { Length: > 0 } hub || (string?)state["deviceId"] is not { Length: > 0 } deviceId)
        {
            var reason = (string?)state?["errorMessage"] ?? $"status '{status ?? "(none)"}'";
            throw Fail(settings, $"did not assign the device: {reason}", 200);
        }

        LogAssigned(_logger, settings.RegistrationId, hub, deviceId);
        return new DpsAssignment(hub, deviceId);
    }

    private static DpsRegistrationException Fail(DpsSettings settings, string problem, int? status, Exception? inner = null) =>
        new($"DPS {settings.Host}:{settings.Port} (scope '{settings.IdScope}', registration '{settings.RegistrationId}') {problem}", status, inner);

    private static string Explain(int status) => status switch
    {
        401 => " (check the ID scope, the registration id and the key; for a group enrollment give the group key so the device key is derived, and check the clock)",
        404 => " (no enrollment for this registration id in this ID scope)",
        _ => string.Empty,
    };

    private static string Detail(JsonObject? body) => (string?)body?["message"] ?? body?.ToJsonString() ?? "(no body)";

    [LoggerMessage(421, LogLevel.Information, "Registering {RegistrationId} with DPS scope {IdScope} at {Host}")]
    private static partial void LogRegistering(ILogger logger, string registrationId, string idScope, string host);

    [LoggerMessage(422, LogLevel.Warning, "DPS answered {Status} for {RegistrationId}; retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string registrationId, int status, TimeSpan delay);

    [LoggerMessage(423, LogLevel.Information, "DPS assigned {RegistrationId} to {Hub} as device {DeviceId}")]
    private static partial void LogAssigned(ILogger logger, string registrationId, string hub, string deviceId);

    /// <summary>One answer on <c>$dps/registrations/res/{status}/?$rid={rid}[&amp;retry-after={s}]</c>.</summary>
    private sealed record DpsResponse(int Status, TimeSpan? RetryAfter, JsonObject? Body)
    {
        public static DpsResponse? TryParse(MqttIncomingMessage message, string rid)
        {
            var topic = message.Topic;
            int query = topic.IndexOf("/?", StringComparison.Ordinal);
            if (!topic.StartsWith(ResponsePrefix, StringComparison.Ordinal) || query < 0
                || !int.TryParse(topic.AsSpan(ResponsePrefix.Length, query - ResponsePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int status))
            {
                return null;
            }

            var bag = topic[(query + 2)..];
            if (PropertyBag.Find(bag, "$rid") != rid)
            {
                return null;
            }

            TimeSpan? retryAfter = int.TryParse(PropertyBag.Find(bag, "retry-after"), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds)
                ? TimeSpan.FromSeconds(seconds)
                : null;
            JsonObject? body = null;
            try
            {
                body = message.Payload.IsEmpty ? null : JsonNode.Parse(message.Payload.Span) as JsonObject;
            }
            catch (JsonException)
            {
                // An unreadable body: the status alone decides.
            }

            return new DpsResponse(status, retryAfter, body);
        }
    }
}
