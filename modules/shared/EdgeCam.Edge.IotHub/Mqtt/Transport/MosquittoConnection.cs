using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Edge.Mqtt.Transport;

/// <summary>
/// <see cref="IMqttConnection"/> over libmosquitto (MQTT 3.1.1, QoS 0 and 1), with libmosquitto's own network thread
/// (<c>mosquitto_loop_start</c>).
/// <list type="bullet">
/// <item>Each <see cref="ConnectAsync"/> makes a fresh native client; libmosquitto never reconnects by itself (the
/// protocol layer reconnects, with fresh SAS tokens and <see cref="ReconnectBackoff"/>).</item>
/// <item>TLS always verifies the server certificate against the given CA file or directory, host name included.</item>
/// <item><see cref="PublishAsync"/> completes on PUBACK (QoS 1) or once the PUBLISH was written to the socket (QoS 0).
/// Pending publishes and subscribes fail with <see cref="MqttConnectionLostException"/> when the connection goes.</item>
/// <item>Inbound messages go to a bounded channel in <see cref="BoundedChannelFullMode.Wait"/> mode: an IoT Hub message is
/// never dropped silently. When the reader falls <see cref="InboundCapacity"/> messages behind, libmosquitto's network
/// thread waits for it (so no PINGREQ goes out meanwhile: a reader stalled for 1.5 keep-alives loses the connection).</item>
/// </list>
/// </summary>
public sealed partial class MosquittoConnection : IMqttConnection
{
    /// <summary>Default number of inbound messages held for a slow reader (at most 256 KB each on IoT Hub).</summary>
    public const int DefaultInboundCapacity = 256;

    // _gate guards managed state only: no native call is made while holding it, because libmosquitto calls back
    // (taking _gate) while holding its own mutexes. _native keeps the native client alive while a call uses it.
    private readonly Lock _gate = new();
    private readonly ReaderWriterLockSlim _native = new();
    private readonly ILogger _logger;
    private readonly Channel<MqttIncomingMessage> _messages;
    private readonly Dictionary<int, TaskCompletionSource> _pendingPublishes = [];
    private readonly HashSet<int> _earlyPublishAcks = [];
    private readonly Dictionary<int, PendingSubscribe> _pendingSubscribes = [];
    private readonly Dictionary<int, int> _earlySubscribeAcks = [];
    private GCHandle _self;
    private nint _mosq;
    private volatile State _state = State.Closed;
    private TaskCompletionSource? _connectCompletion;
    private CancellationTokenSource _connectionClosing = new();
    private string _endpoint = string.Empty;
    private volatile string? _lastNativeError;
    private bool _inboundFull;

    /// <summary>Creates an unconnected client; loads libmosquitto.</summary>
    /// <exception cref="DllNotFoundException">libmosquitto.so.1 is missing (the message says how to install it).</exception>
    public MosquittoConnection(ILogger<MosquittoConnection>? logger = null, int inboundCapacity = DefaultInboundCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inboundCapacity, 1);
        LibMosquitto.AddRef();
        _logger = logger ?? NullLogger<MosquittoConnection>.Instance;
        InboundCapacity = inboundCapacity;
        _messages = Channel.CreateBounded<MqttIncomingMessage>(new BoundedChannelOptions(inboundCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });

        // The native callbacks find this instance through this handle (libmosquitto's obj pointer). Freed in DisposeAsync.
        _self = GCHandle.Alloc(this);
    }

    private enum State
    {
        Closed,
        Connecting,
        Connected,
        Disconnecting,
        Disposed,
    }

    /// <inheritdoc />
    public ChannelReader<MqttIncomingMessage> Messages => _messages.Reader;

    /// <summary>How many inbound messages wait for the reader before libmosquitto's thread is held.</summary>
    public int InboundCapacity { get; }

    /// <inheritdoc />
    public bool IsConnected => _state == State.Connected;

    /// <inheritdoc />
    public event EventHandler<MqttConnectionLostEventArgs>? ConnectionLost;

    /// <inheritdoc />
    public async Task ConnectAsync(MqttConnectOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Host);
        ArgumentException.ThrowIfNullOrEmpty(options.ClientId);
        var keepAlive = (int)options.KeepAlive.TotalSeconds;
        if (keepAlive is < 5 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.KeepAlive, "KeepAlive must be 5 s to 65535 s (libmosquitto's range).");
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_state == State.Disposed, this);
            if (_state != State.Closed)
            {
                throw new InvalidOperationException($"ConnectAsync while {_state}: disconnect first.");
            }

            _state = State.Connecting;
        }

        try
        {
            // The previous native client (after a loss) is torn down first: its thread has stopped or is stopping.
            await StopNetworkAsync();
            cancellationToken.ThrowIfCancellationRequested();
            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _endpoint = options.ToString();
                _lastNativeError = null;
                _connectCompletion = completion;
                _connectionClosing = new CancellationTokenSource();
                _earlyPublishAcks.Clear();
                _earlySubscribeAcks.Clear();
            }

            // Only this method sets _mosq, and state Connecting keeps every other caller away from it until CONNACK.
            var mosq = CreateNativeClient(options);
            _mosq = mosq;

            // mosquitto_connect_async resolves the host and opens the socket synchronously: keep that off the caller.
            var (rc, errno) = await Task.Run(
                () =>
                {
                    var result = LibMosquitto.mosquitto_connect_async(mosq, options.Host, options.Port, keepAlive);
                    return (result, Marshal.GetLastPInvokeError());
                },
                CancellationToken.None);
            if (rc != LibMosquitto.Success)
            {
                throw new MqttConnectException($"Cannot connect to {options.Host}:{options.Port}: {LibMosquitto.ErrorText(rc, errno)}");
            }

            rc = LibMosquitto.mosquitto_loop_start(mosq);
            if (rc != LibMosquitto.Success)
            {
                throw new MqttConnectException("Cannot start libmosquitto's network thread: " + LibMosquitto.ErrorText(rc, 0));
            }

            await completion.Task.WaitAsync(cancellationToken);
            LogConnected(_logger, _endpoint);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                if (_state == State.Connecting)
                {
                    _state = State.Closed;
                }
            }

            await StopNetworkAsync();
            if (ex is MqttConnectException)
            {
                LogConnectFailed(_logger, _endpoint, ex.Message);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public unsafe Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (qos is not (MqttQos.AtMostOnce or MqttQos.AtLeastOnce))
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "Only QoS 0 and 1 are supported.");
        }

        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int mid;
        int rc;
        _native.EnterReadLock();
        try
        {
            lock (_gate)
            {
                ThrowUnlessConnected();
            }

            // libmosquitto copies the payload before returning.
            fixed (byte* data = payload.Span)
            {
                rc = LibMosquitto.mosquitto_publish(_mosq, out mid, topic, payload.Length, data, (int)qos, retain: false);
            }
        }
        finally
        {
            _native.ExitReadLock();
        }

        ThrowOnSendError(rc, "publish to " + topic);
        lock (_gate)
        {
            // The network thread may see the PUBACK before mosquitto_publish returned the mid to us: then the callback
            // found no waiter and left the mid in _earlyPublishAcks.
            if (!_earlyPublishAcks.Remove(mid))
            {
                _pendingPublishes.Add(mid, completion);
            }
            else
            {
                completion.SetResult();
            }
        }

        return AwaitCompletionAsync(completion, mid, _pendingPublishes, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SubscribeAsync(IReadOnlyList<MqttSubscription> subscriptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var waits = new List<Task>(subscriptions.Count);
        foreach (var subscription in subscriptions)
        {
            ArgumentException.ThrowIfNullOrEmpty(subscription.TopicFilter);
            int rc;
            int mid;
            _native.EnterReadLock();
            try
            {
                lock (_gate)
                {
                    ThrowUnlessConnected();
                }

                rc = LibMosquitto.mosquitto_subscribe(_mosq, out mid, subscription.TopicFilter, (int)subscription.Qos);
            }
            finally
            {
                _native.ExitReadLock();
            }

            ThrowOnSendError(rc, "subscribe to " + subscription.TopicFilter);
            var pending = new PendingSubscribe(subscription.TopicFilter);
            lock (_gate)
            {
                if (_earlySubscribeAcks.Remove(mid, out var granted))
                {
                    pending.Complete(granted);
                }
                else
                {
                    _pendingSubscribes.Add(mid, pending);
                }
            }

            waits.Add(AwaitCompletionAsync(pending.Completion, mid, _pendingSubscribes, cancellationToken));
        }

        await Task.WhenAll(waits);
    }

    /// <inheritdoc />
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state is not (State.Connected or State.Connecting))
            {
                return;
            }

            _state = State.Disconnecting;
            _connectionClosing.Cancel();
        }

        _native.EnterReadLock();
        try
        {
            // Queues DISCONNECT; the network thread sends it, closes the socket and ends.
            _ = LibMosquitto.mosquitto_disconnect(_mosq);
        }
        finally
        {
            _native.ExitReadLock();
        }

        await StopNetworkAsync().WaitAsync(cancellationToken);
        lock (_gate)
        {
            if (_state == State.Disconnecting)
            {
                _state = State.Closed;
            }
        }

        FailPending("the connection was closed by DisconnectAsync");
        LogDisconnected(_logger, _endpoint);
    }

    /// <summary>Closes the connection (DISCONNECT when it is up), stops the network thread, frees the native client.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_state == State.Disposed)
            {
                return;
            }
        }

        await DisconnectAsync(CancellationToken.None);
        lock (_gate)
        {
            _state = State.Disposed;
        }

        await StopNetworkAsync();
        FailPending("the connection was disposed");
        _messages.Writer.TryComplete();
        _connectionClosing.Dispose();
        _native.Dispose();
        _self.Free();
        LibMosquitto.Release();
    }

    private unsafe nint CreateNativeClient(MqttConnectOptions options)
    {
        var mosq = LibMosquitto.mosquitto_new(options.ClientId, options.CleanSession, GCHandle.ToIntPtr(_self));
        if (mosq == 0)
        {
            throw new MqttConnectException("mosquitto_new failed: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        try
        {
            Check(LibMosquitto.mosquitto_int_option(mosq, LibMosquitto.OptionProtocolVersion, LibMosquitto.ProtocolV311), "protocol version");
            LibMosquitto.mosquitto_connect_callback_set(mosq, &OnConnect);
            LibMosquitto.mosquitto_disconnect_callback_set(mosq, &OnDisconnect);
            LibMosquitto.mosquitto_publish_callback_set(mosq, &OnPublish);
            LibMosquitto.mosquitto_subscribe_callback_set(mosq, &OnSubscribe);
            LibMosquitto.mosquitto_message_callback_set(mosq, &OnMessage);
            LibMosquitto.mosquitto_log_callback_set(mosq, &OnLog);
            if (options.Username is not null || options.Password is not null)
            {
                Check(LibMosquitto.mosquitto_username_pw_set(mosq, options.Username, options.Password), "username/password");
            }

            if (options.Tls is { } tls)
            {
                if (tls.CaFile is null && tls.CaDirectory is null)
                {
                    throw new ArgumentException("TLS needs a CA file or a CA directory to verify the server.", nameof(options));
                }

                // Verify the peer, TLS 1.2 or later (libmosquitto's default floor), host name checked (insecure = false).
                Check(LibMosquitto.mosquitto_tls_set(mosq, tls.CaFile, tls.CaDirectory, null, null, 0), "TLS CA " + (tls.CaFile ?? tls.CaDirectory));
                Check(LibMosquitto.mosquitto_tls_opts_set(mosq, LibMosquitto.SslVerifyPeer, null, null), "TLS options");
                Check(LibMosquitto.mosquitto_tls_insecure_set(mosq, false), "TLS host name check");
            }

            return mosq;
        }
        catch
        {
            LibMosquitto.mosquitto_destroy(mosq);
            throw;
        }

        static void Check(int rc, string what)
        {
            if (rc != LibMosquitto.Success)
            {
                throw new MqttConnectException($"Invalid MQTT setting ({what}): {LibMosquitto.ErrorText(rc, 0)}");
            }
        }
    }

    /// <summary>Stops the network thread of the current native client (if any) and destroys it.</summary>
    private async Task StopNetworkAsync()
    {
        // First release a network thread waiting for the inbound reader, so that it can finish any call it is in.
        lock (_gate)
        {
            _connectionClosing.Cancel();
        }

        nint mosq;
        _native.EnterWriteLock();
        try
        {
            mosq = _mosq;
            _mosq = 0;
        }
        finally
        {
            _native.ExitWriteLock();
        }

        if (mosq == 0)
        {
            return;
        }

        // Marks the client as disconnecting so mosquitto_loop_forever returns instead of reconnecting, then joins it.
        _ = LibMosquitto.mosquitto_disconnect(mosq);
        await Task.Run(() => LibMosquitto.mosquitto_loop_stop(mosq, false), CancellationToken.None);
        LibMosquitto.mosquitto_destroy(mosq);
    }

    private void ThrowUnlessConnected()
    {
        ObjectDisposedException.ThrowIf(_state == State.Disposed, this);
        if (_state != State.Connected)
        {
            throw new MqttConnectionLostException($"Not connected ({_state}).");
        }
    }

    private static void ThrowOnSendError(int rc, string what)
    {
        switch (rc)
        {
            case LibMosquitto.Success:
                return;
            case LibMosquitto.ErrorNoConnection or LibMosquitto.ErrorConnectionLost:
                throw new MqttConnectionLostException($"Cannot {what}: {LibMosquitto.ErrorText(rc, 0)}");
            case LibMosquitto.ErrorPayloadSize:
                throw new ArgumentException($"Cannot {what}: {LibMosquitto.ErrorText(rc, 0)}");
            default:
                throw new InvalidOperationException($"Cannot {what}: {LibMosquitto.ErrorText(rc, 0)}");
        }
    }

    private async Task AwaitCompletionAsync<T>(TaskCompletionSource completion, int mid, Dictionary<int, T> pending, CancellationToken cancellationToken)
    {
        try
        {
            await completion.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The packet may still go out; only the wait is abandoned.
            lock (_gate)
            {
                pending.Remove(mid);
            }

            throw;
        }
    }

    private void FailPending(string reason)
    {
        List<TaskCompletionSource> failed;
        lock (_gate)
        {
            failed = [.. _pendingPublishes.Values, .. _pendingSubscribes.Values.Select(p => p.Completion)];
            _pendingPublishes.Clear();
            _pendingSubscribes.Clear();
            if (_connectCompletion is { } connect && _state != State.Connected)
            {
                failed.Add(connect);
                _connectCompletion = null;
            }
        }

        foreach (var completion in failed)
        {
            completion.TrySetException(new MqttConnectionLostException("MQTT " + reason + "."));
        }
    }

    /// <summary>A SUBSCRIBE waiting for its SUBACK.</summary>
    private sealed class PendingSubscribe(string topicFilter)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Complete(int grantedQos)
        {
            if (grantedQos is 0 or 1 or 2)
            {
                Completion.TrySetResult();
            }
            else
            {
                Completion.TrySetException(new MqttSubscribeException($"The broker refused the subscription to '{topicFilter}' (SUBACK 0x{grantedQos:X2}).", topicFilter));
            }
        }
    }
}
