using EdgeCam.Edge.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// Keeps one MQTT session to the hub alive: connects with a fresh SAS token, subscribes, reconnects with exponential
/// backoff and jitter after a loss, and reconnects ahead of token expiry (MQTT cannot renew a token in-band).
/// Logs once per state change: a loss or the first failed attempt warns, later attempts of the same outage are Debug,
/// and the connection that ends the outage is one Information line with how long it lasted.
/// </summary>
internal sealed class ConnectionSupervisor
{
    private readonly IIotHubCredentials _credentials;
    private readonly IotHubClientOptions _options;
    private readonly Func<IMqttConnection> _connectionFactory;
    private readonly Func<IReadOnlyList<MqttSubscription>> _subscriptions;
    private readonly Action<MqttSession> _startReceiving;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private TaskCompletionSource<MqttSession> _connected = New();
    private MqttSession? _current;
    private long _sessions;

    // The outage in progress (only the connect loop touches these): when it began, failed attempts, whether it warned.
    private long? _outageStartedAt;
    private int _failedAttempts;
    private bool _outageWarned;

    public ConnectionSupervisor(
        IIotHubCredentials credentials,
        IotHubClientOptions options,
        Func<IMqttConnection> connectionFactory,
        Func<IReadOnlyList<MqttSubscription>> subscriptions,
        Action<MqttSession> startReceiving,
        TimeProvider time,
        ILogger logger)
    {
        _credentials = credentials;
        _options = options;
        _connectionFactory = connectionFactory;
        _subscriptions = subscriptions;
        _startReceiving = startReceiving;
        _time = time;
        _logger = logger;
        Identity = credentials.ModuleId is null ? credentials.DeviceId : $"{credentials.DeviceId}/{credentials.ModuleId}";
        Host = credentials.GatewayHostName ?? credentials.HostName;
    }

    /// <summary><c>{device}</c> or <c>{device}/{module}</c>: the MQTT client id, and the name in every log line.</summary>
    public string Identity { get; }

    public string Host { get; }

    /// <summary>Raised (off the caller's path) after every reconnect, not after the first connect.</summary>
    public event Func<MqttSession, Task>? Reconnected;

    /// <summary>The live session, waiting for one while disconnected.</summary>
    public Task<MqttSession> WaitConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _connected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The first connection: transient failures are retried, a refused identity throws.</summary>
    /// <exception cref="IotHubAuthenticationException">The hub refused the credentials.</exception>
    public async Task ConnectFirstAsync(CancellationToken cancellationToken) => await ConnectWithRetryAsync(throwOnRefusal: true, cancellationToken);

    /// <summary>Watches the session: reconnects after a loss (with backoff) and before the token expires, until stopped.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var session = _current!;
            var renewAt = session.ConnectedAt + (_options.TokenLifetime * _options.TokenRenewalFraction);
            var renewIn = renewAt - _time.GetUtcNow();
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var renewalDue = Task.Delay(renewIn > TimeSpan.Zero ? renewIn : TimeSpan.Zero, _time, renewal.Token);
            var finished = await Task.WhenAny(session.Completion, renewalDue);
            await renewal.CancelAsync();
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            bool renewing = finished == renewalDue && session.IsAlive;
            if (renewing)
            {
                IotHubLog.RenewingToken(_logger, Identity, _options.TokenLifetime);
            }
            else
            {
                IotHubLog.ConnectionLost(_logger, Identity, await session.Completion);
                _outageStartedAt = _time.GetTimestamp();
                _outageWarned = true;
            }

            Retire(session, renewing ? "token renewal" : "connection lost");
            await session.DisposeAsync();
            if (!renewing)
            {
                await DelayAsync(1, stopping);
            }

            await ConnectWithRetryAsync(throwOnRefusal: false, stopping);
            if (Reconnected is { } reconnected)
            {
                // Off this loop: the twin GET needs the session this loop watches.
                _ = Task.Run(() => reconnected(_current!), CancellationToken.None);
            }
        }
    }

    /// <summary>Ends the live session (on close).</summary>
    public async Task CloseAsync()
    {
        MqttSession? session;
        lock (_lock)
        {
            session = _current;
            _current = null;
        }

        if (session is not null)
        {
            Retire(session, "closed");
            await session.DisposeAsync();
        }

        lock (_lock)
        {
            _connected.TrySetException(new ObjectDisposedException(nameof(IotHubModuleClient), $"the client of {Identity} is closed"));
        }
    }

    private async Task ConnectWithRetryAsync(bool throwOnRefusal, CancellationToken cancellationToken)
    {
        for (int attempts = 1; ; attempts++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connection = _connectionFactory();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(_options.ConnectTimeout);
            try
            {
                await ConnectAsync(connection, attempt.Token);
                return;
            }
            catch (MqttConnectException ex) when (ex.IsAuthenticationFailure && throwOnRefusal)
            {
                await connection.DisposeAsync();
                IotHubLog.Refused(_logger, Identity, Host, _options.Port, ex.ConnackReturnCode ?? 0);
                throw new IotHubAuthenticationException(
                    $"{Host}:{_options.Port} refused the credentials of '{Identity}' (CONNACK {ex.ConnackReturnCode}): "
                    + "check the key or connection string, and that the clock is right (SAS tokens carry an expiry)", ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await connection.DisposeAsync();
                var delay = ReconnectBackoff.Delay(attempts, _options.RetryInitialDelay, _options.RetryMaxDelay);
                LogFailedAttempt(ex.Message, delay);
                await Task.Delay(delay, _time, cancellationToken);
            }
        }
    }

    private async Task ConnectAsync(IMqttConnection connection, CancellationToken cancellationToken)
    {
        var token = await _credentials.CreateSasTokenAsync(_options.TokenLifetime, cancellationToken);
        var connectedAt = _time.GetUtcNow();
        var username = $"{Host}/{Identity}/?api-version={IotHubClientOptions.ApiVersion}&DeviceClientType={PropertyBag.Escape(_options.ProductInfo)}";
        var tls = new MqttTlsOptions(_options.CaFile, _options.CaFile is null ? _options.CaDirectory : null);
        var subscriptions = _subscriptions();

        // Clean session off, as the SDKs connect: the hub keeps subscriptions and unacknowledged inputs, and redelivers
        // those right after CONNACK, so the filters acknowledged after handling are named before it.
        var options = new MqttConnectOptions(Host, _options.Port, Identity, username, token, tls, _options.KeepAlive, CleanSession: false)
        {
            AcknowledgeAfterHandling = [.. subscriptions.Where(s => s.AcknowledgeAfterHandling).Select(s => s.TopicFilter)],
        };
        await ConnectionCalls.Abandonable(Task.Run(() => connection.ConnectAsync(options, cancellationToken), CancellationToken.None), cancellationToken);
        var session = new MqttSession(connection, Interlocked.Increment(ref _sessions), connectedAt);
        if (!connection.IsConnected)
        {
            session.End("lost right after CONNACK");
        }

        _startReceiving(session);
        await ConnectionCalls.Abandonable(connection.SubscribeAsync(subscriptions, cancellationToken), cancellationToken);
        lock (_lock)
        {
            _current = session;
            _connected.TrySetResult(session);
        }

        // From the moment it ends, waiters get the next session, not this dead one (the loop retires it a little later).
        session.Ended.Register(() => Forget(session));

        if (_outageStartedAt is { } since)
        {
            var outage = TimeSpan.FromMilliseconds(Math.Round(_time.GetElapsedTime(since).TotalMilliseconds));
            IotHubLog.Recovered(_logger, Identity, Host, _options.Port, outage, _failedAttempts, session.Number);
        }
        else
        {
            IotHubLog.Connected(_logger, Identity, Host, _options.Port, session.Number);
        }

        _outageStartedAt = null;
        _failedAttempts = 0;
        _outageWarned = false;
    }

    private void LogFailedAttempt(string reason, TimeSpan delay)
    {
        _outageStartedAt ??= _time.GetTimestamp();
        _failedAttempts++;
        if (_outageWarned)
        {
            IotHubLog.ConnectStillFailing(_logger, Identity, Host, _options.Port, _failedAttempts, reason, delay);
        }
        else
        {
            _outageWarned = true;
            IotHubLog.ConnectFailed(_logger, Identity, Host, _options.Port, reason, delay);
        }
    }

    private void Retire(MqttSession session, string reason)
    {
        session.End(reason);
        Forget(session);
    }

    private void Forget(MqttSession session)
    {
        lock (_lock)
        {
            if (_connected.Task.IsCompletedSuccessfully && _connected.Task.Result == session)
            {
                _connected = New();
            }
        }
    }

    private Task DelayAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(ReconnectBackoff.Delay(attempt, _options.RetryInitialDelay, _options.RetryMaxDelay), _time, cancellationToken);

    private static TaskCompletionSource<MqttSession> New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
