using System.Buffers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace EdgeCam.Edge.Mqtt.Transport;

/// <summary>
/// What MQTTnet hands over: inbound messages (with their deferred PUBACK), the end of a connection, and the texts of
/// failed connects. MQTTnet calls <see cref="OnMessageReceivedAsync"/> from one delivery loop per connection, in order.
/// </summary>
public sealed partial class MqttNetConnection
{
    /// <summary>How often a delivery waiting for room in the inbound channel checks that its connection still stands.</summary>
    private static readonly TimeSpan InboundFullCheck = TimeSpan.FromSeconds(1);

    private bool _inboundFull;

    private async Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var application = e.ApplicationMessage;
        var qos = application.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce ? MqttQos.AtMostOnce : MqttQos.AtLeastOnce;
        Func<CancellationToken, Task>? acknowledge = null;
        CancellationToken closing;
        lock (_gate)
        {
            closing = _connectionClosing.Token;
            if (qos == MqttQos.AtLeastOnce && _acknowledgeAfterHandling.Exists(f => MqttTopicFilterComparer.Compare(application.Topic, f) == MqttTopicFilterCompareResult.IsMatch))
            {
                // MQTTnet sends no PUBACK for it when this handler returns; the reader's AcknowledgeAsync does.
                e.AutoAcknowledge = false;
                var generation = _generation;
                var acknowledged = 0;
                acknowledge = ct => Interlocked.Exchange(ref acknowledged, 1) == 0 ? AcknowledgeAsync(e, generation, ct) : Task.CompletedTask;
            }
        }

        // A copy: the reader may keep it longer than MQTTnet keeps its buffers.
        var message = new MqttIncomingMessage(application.Topic, application.Payload.ToArray(), qos, application.Retain, application.Dup, acknowledge);
        await DeliverAsync(message, closing);
    }

    /// <summary>
    /// Writes to the bounded channel, waiting for room. MQTTnet waits for this delivery loop before it reports a lost
    /// connection, so a wait that only watched <see cref="DisconnectAsync"/> would never end after a loss: it also
    /// checks every <see cref="InboundFullCheck"/> that MQTTnet still counts the connection as up. A message given up
    /// here was not acknowledged: the broker delivers it again (QoS 1, persistent session).
    /// </summary>
    private async Task DeliverAsync(MqttIncomingMessage message, CancellationToken closing)
    {
        if (_messages.Writer.TryWrite(message))
        {
            return;
        }

        if (!_inboundFull)
        {
            _inboundFull = true;
            LogInboundFull(_logger, InboundCapacity);
        }

        while (!closing.IsCancellationRequested && _client.IsConnected)
        {
            using var check = new CancellationTokenSource(InboundFullCheck, _time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(closing, check.Token);
            try
            {
                if (!await _messages.Writer.WaitToWriteAsync(wait.Token))
                {
                    return; // Disposed.
                }

                if (_messages.Writer.TryWrite(message))
                {
                    _inboundFull = false;
                    LogInboundResumed(_logger);
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                // Time to check the connection again, or closing.
            }
        }
    }

    /// <summary>Sends a deferred PUBACK, unless the connection that delivered the message is gone.</summary>
    private async Task AcknowledgeAsync(MqttApplicationMessageReceivedEventArgs e, int generation, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // After a reconnect the same packet id may name another message: never acknowledge across connections.
            if (generation != _generation || _state != State.Connected)
            {
                return;
            }
        }

        try
        {
            await e.AcknowledgeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or ObjectDisposedException)
        {
            // Lost meanwhile: the broker delivers the message again on the next connection.
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        bool lost;
        lock (_gate)
        {
            lost = _state == State.Connected;
            if (lost)
            {
                _state = State.Closed;
                _connectionClosing.Cancel();
            }
        }

        if (lost)
        {
            var reason = e.Exception is { } ex ? Innermost(ex).Message : "the broker closed the connection";
            LogConnectionLost(_logger, _endpoint, reason);
            ConnectionLost?.Invoke(this, new MqttConnectionLostEventArgs(reason));
        }

        return Task.CompletedTask;
    }

    private string DescribeConnectFailure(Exception ex)
    {
        var innermost = Innermost(ex);
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException)
            {
                return $"TLS handshake with {_endpoint} failed (server certificate not trusted by the configured CA, or its name does not match the host): {e.Message}";
            }

            if (e is SocketException socket)
            {
                return $"Connecting to {_endpoint} failed: {socket.Message}";
            }
        }

        return $"Connecting to {_endpoint} failed: {innermost.Message}";
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is { } inner)
        {
            ex = inner;
        }

        return ex;
    }

    /// <summary>MQTTnet reports an MQTT 3.1.1 CONNACK return code as its MQTT 5 reason code; this maps it back.</summary>
    private static int ConnackReturnCode(MqttClientConnectResultCode code) => code switch
    {
        MqttClientConnectResultCode.UnsupportedProtocolVersion => 1,
        MqttClientConnectResultCode.ClientIdentifierNotValid => 2,
        MqttClientConnectResultCode.ServerUnavailable => 3,
        MqttClientConnectResultCode.BadUserNameOrPassword => 4,
        MqttClientConnectResultCode.NotAuthorized => 5,
        _ => (int)code,
    };

    private static string ConnackText(int returnCode) => returnCode switch
    {
        1 => "unacceptable protocol version",
        2 => "identifier rejected",
        3 => "server unavailable",
        4 => "bad user name or password",
        5 => "not authorized",
        _ => "refused",
    };
}
