using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace EdgeCam.Edge.Mqtt.Transport;

/// <summary>
/// libmosquitto's callbacks. They run on its network thread (with its callback mutex held): they copy what they need
/// out of native memory, complete tasks (continuations run asynchronously) and return. Only the inbound message
/// callback may wait, when the bounded inbound channel is full.
/// </summary>
public sealed partial class MosquittoConnection
{
    private static MosquittoConnection? FromUserData(nint obj) =>
        obj == 0 ? null : GCHandle.FromIntPtr(obj).Target as MosquittoConnection;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnConnect(nint mosq, nint obj, int rc) => FromUserData(obj)?.HandleConnack(mosq, rc);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDisconnect(nint mosq, nint obj, int rc)
    {
        var errno = Marshal.GetLastSystemError();
        FromUserData(obj)?.HandleDisconnect(mosq, rc, errno);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnPublish(nint mosq, nint obj, int mid) => FromUserData(obj)?.HandlePublishAck(mid);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnSubscribe(nint mosq, nint obj, int mid, int qosCount, int* grantedQos) =>
        FromUserData(obj)?.HandleSubscribeAck(mid, qosCount > 0 && grantedQos is not null ? grantedQos[0] : 0x80);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnMessage(nint mosq, nint obj, LibMosquitto.Message* message)
    {
        var self = FromUserData(obj);
        if (self is null || message is null)
        {
            return;
        }

        // Copies: libmosquitto frees the message when this callback returns.
        var topic = LibMosquitto.Utf8(message->Topic);
        var payload = message->PayloadLength > 0 ? new ReadOnlySpan<byte>(message->Payload, message->PayloadLength).ToArray() : [];
        self.Deliver(new MqttIncomingMessage(topic, payload, message->Qos == 0 ? MqttQos.AtMostOnce : MqttQos.AtLeastOnce, message->Retain != 0));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnLog(nint mosq, nint obj, int level, byte* text)
    {
        // Only errors are kept (OpenSSL's reason for a failed handshake, socket errors): they explain a failed connect.
        if ((level & LibMosquitto.LogLevelError) != 0 && FromUserData(obj) is { } self)
        {
            self._lastNativeError = LibMosquitto.Utf8(text);
            self.HandleErrorWhileConnecting();
        }
    }

    /// <summary>
    /// A failed TLS handshake makes libmosquitto 2.0's network loop return MOSQ_ERR_TLS without calling the disconnect
    /// callback (the thread just ends); its only report is an error log line. During a connect attempt that line
    /// therefore ends the attempt. No native call here: libmosquitto logs while holding its own mutexes
    /// (ConnectAsync stops the network thread once the attempt failed).
    /// </summary>
    private void HandleErrorWhileConnecting()
    {
        if (_state == State.Connecting)
        {
            HandleDisconnect(0, LibMosquitto.ErrorTls, 0);
        }
    }

    private void HandleConnack(nint mosq, int rc)
    {
        TaskCompletionSource? completion;
        lock (_gate)
        {
            if (_state != State.Connecting)
            {
                return;
            }

            completion = _connectCompletion;
            _connectCompletion = null;
            if (rc == 0)
            {
                _state = State.Connected;
            }
            else
            {
                _state = State.Closed;
            }
        }

        if (rc != 0)
        {
            // Refused: stop libmosquitto from retrying on its own (allowed inside the connect callback).
            _ = LibMosquitto.mosquitto_disconnect(mosq);
        }

        if (rc == 0)
        {
            completion?.TrySetResult();
        }
        else
        {
            completion?.TrySetException(new MqttConnectException($"The broker refused the connection: {LibMosquitto.ConnackText(rc)} (CONNACK {rc}).", rc));
        }
    }

    private void HandleDisconnect(nint mosq, int rc, int errno)
    {
        var reason = rc == 0 ? "closed" : LibMosquitto.ErrorText(rc, errno);
        if (rc == LibMosquitto.ErrorTls || (rc != 0 && _lastNativeError is not null))
        {
            reason += _lastNativeError is { } detail ? " " + detail : string.Empty;
        }

        TaskCompletionSource? connect = null;
        var lost = false;
        lock (_gate)
        {
            switch (_state)
            {
                case State.Connecting:
                    connect = _connectCompletion;
                    _connectCompletion = null;
                    _state = State.Closed;
                    break;
                case State.Connected:
                    lost = true;
                    _state = State.Closed;
                    break;
                default:
                    break;
            }

            _connectionClosing.Cancel();
        }

        if (mosq != 0)
        {
            // libmosquitto would otherwise reconnect by itself (same credentials, its own delay): the layer above decides.
            // Safe in the disconnect callback: the socket is closed, this only marks the client as disconnecting.
            _ = LibMosquitto.mosquitto_disconnect(mosq);
        }

        connect?.TrySetException(new MqttConnectException(rc == LibMosquitto.ErrorTls
            ? $"TLS handshake with {_endpoint} failed (server certificate not trusted by the configured CA, or its name does not match the host): {reason}"
            : $"Connecting to {_endpoint} failed: {reason}"));
        if (lost)
        {
            FailPending("connection lost: " + reason);
            LogConnectionLost(_logger, _endpoint, reason);
            var args = new MqttConnectionLostEventArgs(reason);
            ThreadPool.QueueUserWorkItem(state => state.self.ConnectionLost?.Invoke(state.self, state.args), (self: this, args), preferLocal: false);
        }
    }

    private void HandlePublishAck(int mid)
    {
        TaskCompletionSource? completion;
        lock (_gate)
        {
            if (!_pendingPublishes.Remove(mid, out completion))
            {
                _earlyPublishAcks.Add(mid);
            }
        }

        completion?.TrySetResult();
    }

    private void HandleSubscribeAck(int mid, int grantedQos)
    {
        PendingSubscribe? pending;
        lock (_gate)
        {
            if (!_pendingSubscribes.Remove(mid, out pending))
            {
                _earlySubscribeAcks[mid] = grantedQos;
            }
        }

        pending?.Complete(grantedQos);
    }

    private void Deliver(MqttIncomingMessage message)
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

        try
        {
            // Wait mode: hold libmosquitto's thread until the reader catches up, or the connection closes.
            _messages.Writer.WriteAsync(message, _connectionClosing.Token).AsTask().GetAwaiter().GetResult();
            _inboundFull = false;
            LogInboundResumed(_logger);
        }
        catch (OperationCanceledException)
        {
            // Closing: the message was not acknowledged to the reader; nobody is left to read it.
        }
        catch (ChannelClosedException)
        {
            // Disposed.
        }
    }
}
