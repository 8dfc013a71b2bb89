using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Exceptions;

namespace EdgeCam.Edge.Mqtt.Transport;

/// <summary>
/// <see cref="IMqttConnection"/> over MQTTnet (MQTT 3.1.1, QoS 0 and 1).
/// <list type="bullet">
/// <item>MQTTnet never reconnects by itself: after a loss <see cref="ConnectAsync"/> may be called again (the protocol
/// layer reconnects, with fresh SAS tokens and <see cref="ReconnectBackoff"/>).</item>
/// <item>TLS always verifies the server certificate against the given CA file or directory only (a custom trust
/// root, not the system store), host name included; no revocation check, as no CRL is configured on a device.</item>
/// <item><see cref="PublishAsync"/> completes on PUBACK (QoS 1) or once the PUBLISH was written (QoS 0); pending
/// publishes and subscribes fail with <see cref="MqttConnectionLostException"/> when the connection goes. The payload
/// is read while sending: do not change it before the returned task completes.</item>
/// <item>Inbound messages go to a bounded channel in <see cref="BoundedChannelFullMode.Wait"/> mode: an IoT Hub message is
/// never dropped silently. When the reader falls <see cref="InboundCapacity"/> messages behind, MQTTnet's delivery loop
/// waits for it; its receive loop goes on (PINGRESP and PUBACK still arrive).</item>
/// </list>
/// </summary>
public sealed partial class MqttNetConnection : IMqttConnection
{
    /// <summary>Default number of inbound messages held for a slow reader (at most 256 KB each on IoT Hub).</summary>
    public const int DefaultInboundCapacity = 256;

    private readonly Lock _gate = new();
    private readonly IMqttClient _client;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<MqttIncomingMessage> _messages;
    private readonly List<string> _acknowledgeAfterHandling = [];
    private volatile State _state = State.Closed;
    private CancellationTokenSource _connectionClosing = new();
    private int _generation;
    private string _endpoint = string.Empty;

    /// <summary>Creates an unconnected client.</summary>
    /// <param name="logger">State changes, one line each; never a password.</param>
    /// <param name="inboundCapacity">Inbound messages held for a slow reader before delivery waits.</param>
    /// <param name="timeProvider">Clock for the waits on a full inbound channel; the system clock when null.</param>
    public MqttNetConnection(ILogger<MqttNetConnection>? logger = null, int inboundCapacity = DefaultInboundCapacity, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inboundCapacity, 1);
        _logger = logger ?? NullLogger<MqttNetConnection>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        InboundCapacity = inboundCapacity;
        _messages = Channel.CreateBounded<MqttIncomingMessage>(new BoundedChannelOptions(inboundCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageReceivedAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
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

    /// <summary>How many inbound messages wait for the reader before MQTTnet's delivery loop is held.</summary>
    public int InboundCapacity { get; }

    /// <inheritdoc />
    public bool IsConnected => _state == State.Connected && _client.IsConnected;

    /// <inheritdoc />
    public event EventHandler<MqttConnectionLostEventArgs>? ConnectionLost;

    /// <inheritdoc />
    public async Task ConnectAsync(MqttConnectOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Host);
        ArgumentException.ThrowIfNullOrEmpty(options.ClientId);
        if (options.KeepAlive < TimeSpan.FromSeconds(1) || options.KeepAlive > TimeSpan.FromSeconds(ushort.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.KeepAlive, "KeepAlive must be 1 s to 65535 s (MQTT's range).");
        }

        var clientOptions = ClientOptions.Build(options);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_state == State.Disposed, this);
            if (_state != State.Closed)
            {
                throw new InvalidOperationException($"ConnectAsync while {_state}: disconnect first.");
            }

            _state = State.Connecting;
            _endpoint = options.ToString();
            AddAcknowledgeAfterHandling(options.AcknowledgeAfterHandling);
        }

        try
        {
            var result = await _client.ConnectAsync(clientOptions, cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                var code = ConnackReturnCode(result.ResultCode);
                throw new MqttConnectException($"The broker refused the connection: {ConnackText(code)} (CONNACK {code}).", code);
            }

            lock (_gate)
            {
                // Lost again before this line: MQTTnet's report of it found no established connection, so none is kept.
                _state = _client.IsConnected ? State.Connected : State.Closed;
                _generation++;
                _connectionClosing = new CancellationTokenSource();
            }

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

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            var error = ex as MqttConnectException ?? new MqttConnectException(DescribeConnectFailure(ex), ex);
            LogConnectFailed(_logger, _endpoint, error.Message);
            throw error;
        }
    }

    /// <inheritdoc />
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state is not State.Connected)
            {
                return;
            }

            _state = State.Disconnecting;
            _connectionClosing.Cancel();
        }

        try
        {
            // Sends DISCONNECT (bounded by OperationTimeout), closes the socket, fails what still waits for an answer.
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
        {
            // The connection was going away anyway; it is closed either way.
        }
        finally
        {
            lock (_gate)
            {
                if (_state == State.Disconnecting)
                {
                    _state = State.Closed;
                }
            }
        }

        LogDisconnected(_logger, _endpoint);
    }

    /// <summary>Closes the connection (DISCONNECT when it is up) and completes <see cref="Messages"/>.</summary>
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
            _connectionClosing.Cancel();
        }

        _client.Dispose();
        _messages.Writer.TryComplete();
        _connectionClosing.Dispose();
    }
}
