using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace EdgeCam.Agent.LocalBroker;

/// <summary>
/// An MQTT broker inside the agent (MQTTnet.Server) on loopback only: retained messages and last wills, no
/// authentication (nothing off the machine can reach it) and no persistence (EventRouter republishes its retained
/// topics on every connection). The only file of the agent that sees MQTTnet.Server. Started before the modules; when
/// its port is taken (a Mosquitto already runs there) it logs that and the agent goes on: EventRouter uses that broker.
/// </summary>
public sealed partial class EmbeddedBroker : IHostedService, IDisposable
{
    private readonly int _port;
    private readonly ILogger _logger;
    private MqttServer? _server;

    public EmbeddedBroker(int port, ILogger<EmbeddedBroker> logger)
    {
        _port = port;
        _logger = logger;
    }

    /// <summary>True while the broker serves.</summary>
    public bool IsRunning => _server?.IsStarted == true;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            .WithDefaultEndpointPort(_port)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        try
        {
            await server.StartAsync();
            _server = server;
            LogStarted(_port);
        }
        catch (SocketException ex)
        {
            server.Dispose();
            LogPortTaken(_port, ex.Message);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { IsStarted: true } server)
        {
            await server.StopAsync();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _server?.Dispose();

    [LoggerMessage(1, LogLevel.Information, "Embedded MQTT broker on 127.0.0.1:{Port} (set EDGECAM_MQTT_BROKER=<host>:<port> to use your own)")]
    private partial void LogStarted(int port);

    [LoggerMessage(2, LogLevel.Warning, "Embedded MQTT broker not started: 127.0.0.1:{Port} is taken ({Reason}); EventRouter uses the broker listening there")]
    private partial void LogPortTaken(int port, string reason);
}
