using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// Direct methods: each call runs off the receive loop (a busy module still answers) and is answered on
/// <c>$iothub/methods/res/{status}/?$rid=</c>: the handler's status, 404 for an unknown method, 400 for a payload that is
/// not JSON, 500 when the handler throws or answers more than 128 KB. Every error answer is JSON with a <c>message</c>.
/// </summary>
internal sealed class MethodDispatcher(string identity, ILogger logger)
{
    private readonly ConcurrentDictionary<string, MethodHandler> _handlers = new(StringComparer.Ordinal);

    public bool HasHandlers => !_handlers.IsEmpty;

    public void Add(string methodName, MethodHandler handler)
    {
        if (!_handlers.TryAdd(methodName, handler))
        {
            throw new InvalidOperationException($"{identity} already has a handler for method '{methodName}'");
        }
    }

    /// <summary>Starts answering one call; returns at once.</summary>
    public void Dispatch(MqttSession session, string methodName, string requestId, ReadOnlyMemory<byte> payload, CancellationToken stopping) =>
        _ = Task.Run(() => AnswerAsync(session, methodName, requestId, payload, stopping), CancellationToken.None);

    /// <summary>The response to one call (no I/O).</summary>
    public async Task<MethodResponse> InvokeAsync(string methodName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(methodName, out var handler))
        {
            return Error(404, $"{identity} has no method '{methodName}'");
        }

        if (!payload.IsEmpty && !IsJson(payload, out var reason))
        {
            return Error(400, $"the payload of method '{methodName}' is not valid JSON: {reason}");
        }

        try
        {
            var response = await handler(new MethodRequest(methodName, payload), cancellationToken);
            IotHubLimits.CheckMethodPayload(methodName, response.Payload.Length);
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            IotHubLog.MethodFailed(logger, identity, methodName, 500, ex);
            return Error(500, $"method '{methodName}' of {identity} failed: {ex.Message}");
        }
    }

    private async Task AnswerAsync(MqttSession session, string methodName, string requestId, ReadOnlyMemory<byte> payload, CancellationToken stopping)
    {
        try
        {
            var response = await InvokeAsync(methodName, payload, stopping);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, session.Ended);
            await session.PublishAsync(IotHubTopics.MethodResponse(response.Status, requestId), response.Payload, MqttQos.AtMostOnce, linked.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // The connection went away before the answer could go: the hub times the call out, as for any offline device.
            IotHubLog.MethodResponseFailed(logger, identity, methodName, ex);
        }
    }

    private static MethodResponse Error(int status, string message) =>
        MethodResponse.Json(status, new JsonObject { ["message"] = message }.ToJsonString());

    private static bool IsJson(ReadOnlyMemory<byte> payload, out string reason)
    {
        try
        {
            using var _ = JsonDocument.Parse(payload);
            reason = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            reason = ex.Message;
            return false;
        }
    }
}
