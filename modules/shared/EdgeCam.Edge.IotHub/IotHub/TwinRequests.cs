using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// Twin GET and reported PATCH over <c>$iothub/twin/…?$rid=</c>: each request waits for its answer with a timeout, is
/// sent again on the next connection if the connection drops, and is retried with backoff when the hub answers 429 or 5xx.
/// </summary>
internal sealed class TwinRequests(ConnectionSupervisor supervisor, PendingRequests pending, IotHubClientOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Fetches the whole twin.</summary>
    /// <exception cref="IotHubProtocolException">The hub's twin is not a JSON object with object sections.</exception>
    public async Task<TwinDocument> GetAsync(CancellationToken cancellationToken)
    {
        var response = await SendAsync("twin GET", IotHubTopics.TwinGet, ReadOnlyMemory<byte>.Empty, cancellationToken);
        return Parse(response.Body);
    }

    /// <summary>Merges <paramref name="patch"/> into the reported properties; returns the new reported <c>$version</c> when the hub says it.</summary>
    public async Task<long?> PatchReportedAsync(JsonObject patch, CancellationToken cancellationToken)
    {
        var json = Encoding.UTF8.GetBytes(patch.ToJsonString());
        IotHubLimits.CheckReportedPatch(patch, json);
        var response = await SendAsync("reported PATCH", IotHubTopics.ReportedPatch, json, cancellationToken);
        return response.Version;
    }

    private async Task<TwinResponse> SendAsync(string operation, Func<string, string> topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; )
        {
            var session = await supervisor.WaitConnectedAsync(cancellationToken);
            var (rid, answer) = pending.Register();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Ended);
            TwinResponse response;
            try
            {
                await session.PublishAsync(topic(rid), payload, MqttQos.AtMostOnce, linked.Token);
                response = await answer.WaitAsync(options.RequestTimeout, time, linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The connection went away before the answer came: ask again on the next one.
                pending.Forget(rid);
                continue;
            }
            catch (TimeoutException)
            {
                pending.Forget(rid);
                throw new TimeoutException($"{supervisor.Identity}: {operation} got no answer within {options.RequestTimeout}");
            }
            catch (InvalidOperationException) when (!session.IsAlive)
            {
                pending.Forget(rid);
                continue;
            }
            catch (MqttConnectionLostException ex)
            {
                // The transport says the connection is gone (maybe before its loss event ended the session): end it, so
                // the supervisor reconnects with its backoff, and ask again on the next one.
                pending.Forget(rid);
                session.End(ex.Message);
                continue;
            }

            if (response.IsSuccess)
            {
                return response;
            }

            var detail = Encoding.UTF8.GetString(response.Body.Span);
            if (!response.IsRetryable || attempt >= options.MaxRequestAttempts)
            {
                throw new IotHubStatusException($"{supervisor.Identity}: {operation}", response.Status, detail);
            }

            var delay = ReconnectBackoff.Delay(attempt++, options.RetryInitialDelay, options.RetryMaxDelay);
            IotHubLog.RequestRetry(logger, supervisor.Identity, operation, response.Status, delay);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private TwinDocument Parse(ReadOnlyMemory<byte> body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body.Span);
        }
        catch (JsonException ex)
        {
            throw new IotHubProtocolException($"{supervisor.Identity}: the twin the hub sent is not JSON ({ex.Message})", ex);
        }

        if (node is not JsonObject twin)
        {
            throw new IotHubProtocolException($"{supervisor.Identity}: the twin the hub sent is not a JSON object");
        }

        return new TwinDocument(Section(twin, "desired"), Section(twin, "reported"));
    }

    private JsonObject Section(JsonObject twin, string name) =>
        twin[name] switch
        {
            JsonObject section => JsonNode.Parse(section.ToJsonString())!.AsObject(),
            null => throw new IotHubProtocolException($"{supervisor.Identity}: the twin the hub sent has no '{name}' section"),
            var other => throw new IotHubProtocolException($"{supervisor.Identity}: the '{name}' section of the twin is a {other.GetValueKind()}, not an object"),
        };
}
