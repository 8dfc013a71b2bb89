using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCam.EventRouter.Benchmarks;

/// <summary>The agent's <c>$upstream</c>: records each alert's arrival.</summary>
internal sealed class UpstreamReceiver(Arrivals arrivals) : IUpstreamSink
{
    public Task SendAsync(string fromModuleId, ModuleMessage message, CancellationToken cancellationToken)
    {
        arrivals.Record("iotHub", message.Read(ContractsJsonContext.Default.Alert).AlertId);
        return Task.CompletedTask;
    }
}

/// <summary>A subscriber on the broker, as Home Assistant or an automation would be: records each alert's arrival.</summary>
internal sealed class MqttReceiver : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public static async Task<MqttReceiver> StartAsync(int port, Arrivals arrivals, CancellationToken cancellationToken)
    {
        var receiver = new MqttReceiver();
        receiver._client.ApplicationMessageReceivedAsync += e =>
        {
            var alert = JsonSerializer.Deserialize(e.ApplicationMessage.Payload.ToArray(), ContractsJsonContext.Default.Alert)!;
            arrivals.Record("mqtt", alert.AlertId);
            return Task.CompletedTask;
        };
        await receiver._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("bench-subscriber").Build(), cancellationToken);
        await receiver._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("edgecam/+/+/alert", MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync();
        _client.Dispose();
    }
}

/// <summary>A webhook endpoint on loopback (HttpListener): records each alert's arrival, answers 200.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();

    public WebhookReceiver(Arrivals arrivals)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        }

        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                arrivals.Record("webhook", context.Request.Headers["Idempotency-Key"] ?? string.Empty);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
    }

    public string Url { get; }

    public void Dispose() => _listener.Close();
}
