using System.Text;
using EdgeCam.Edge.Retries;
using Microsoft.Extensions.Logging;

namespace EdgeCam.EventRouter.LocalMqtt;

/// <summary>
/// Keeps one connection to the local broker while <see cref="LocalMqttSettings.Enabled"/>: connects with a retained
/// <c>offline</c> last will on the availability topic, publishes <c>online</c> there, runs the callbacks given to
/// <see cref="OnConnected"/> (Home Assistant republishes its discovery and states), reconnects with backoff when the
/// connection is lost and starts over when the settings change. On every connection, before <c>online</c>, it subscribes
/// to the filters of each <see cref="Subscribe"/>d listener (the session is clean: a broker restart forgets them), so
/// <c>online</c> means commands are heard. Publishers call <see cref="PublishAsync"/>, which
/// fails at once while there is no connection, so their own queue keeps the message.
/// </summary>
public sealed partial class LocalMqttLink
{
    private static readonly ExponentialBackoff Retry = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), BackoffJitter.Half);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(200);

    private readonly Func<LocalMqttSettings> _settings;
    private readonly string? _password;
    private readonly string _clientId;
    private readonly string _device;
    private readonly Func<ILocalMqttClient> _createClient;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<Func<CancellationToken, Task>> _onConnected = [];
    private readonly List<ILocalMqttSubscriber> _subscribers = [];
    private volatile ILocalMqttClient? _connected;

    public LocalMqttLink(Func<LocalMqttSettings> settings, string? password, string device, Func<ILocalMqttClient> createClient, TimeProvider time, ILogger<LocalMqttLink> logger)
    {
        _settings = settings;
        _password = password;
        _device = device;
        _clientId = $"edgecam-{device}-router";
        _createClient = createClient;
        _time = time;
        _logger = logger;
    }

    /// <summary>The settings now in force (the topic prefix is part of every topic).</summary>
    public LocalMqttSettings Settings => _settings();

    /// <summary>The topics under the settings now in force.</summary>
    public TopicLayout Topics => new(_settings().TopicPrefix, _device);

    /// <summary>True while connected and announced online.</summary>
    public bool IsConnected => _connected?.IsConnected == true;

    /// <summary>
    /// Runs <paramref name="callback"/> after every (re)connection, once <c>online</c> is published; publishers already see
    /// <see cref="IsConnected"/> then, so a callback must not publish beside them (Home Assistant only marks its topics for its worker).
    /// </summary>
    public void OnConnected(Func<CancellationToken, Task> callback) => _onConnected.Add(callback);

    /// <summary>
    /// Subscribes <paramref name="subscriber"/>'s filters on every (re)connection; each message received is handed to every
    /// subscriber, which ignores the topics not its own. Call before <see cref="RunAsync"/>.
    /// </summary>
    public void Subscribe(ILocalMqttSubscriber subscriber) => _subscribers.Add(subscriber);

    /// <summary>Publishes at QoS 1 on the current connection.</summary>
    /// <exception cref="LocalMqttException">No connection, or it failed before PUBACK.</exception>
    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken) =>
        _connected is { IsConnected: true } client
            ? client.PublishAsync(topic, payload, retain, cancellationToken)
            : throw new LocalMqttException($"not connected to the local broker ({topic} not sent)");

    /// <summary>Connects and keeps connecting until <paramref name="cancellationToken"/> fires; then says goodbye (offline) and disconnects.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var settings = _settings();
            if (!settings.Enabled)
            {
                await Task.Delay(WatchInterval, _time, cancellationToken);
                continue;
            }

            var topics = new TopicLayout(settings.TopicPrefix, _device);
            var client = _createClient();
            try
            {
                var options = new LocalMqttConnectOptions(settings.Host, settings.Port, _clientId, settings.Username.Length > 0 ? settings.Username : null, _password, topics.Availability, Offline);
                client.MessageReceived = message => DispatchAsync(topics, message, cancellationToken);
                await client.ConnectAsync(options, cancellationToken);
                var filters = _subscribers.SelectMany(s => s.Filters(topics)).Distinct(StringComparer.Ordinal).ToList();
                if (filters.Count > 0)
                {
                    await SubscribeAsync(client, filters, cancellationToken);
                }

                await client.PublishAsync(topics.Availability, Encoding.UTF8.GetBytes(Online), retain: true, cancellationToken);
                _connected = client;
                foreach (var callback in _onConnected)
                {
                    await callback(cancellationToken);
                }

                LogConnected(options.ToString());
                attempt = 0;
                while (client.IsConnected && _settings() == settings)
                {
                    await Task.Delay(WatchInterval, _time, cancellationToken);
                }

                _connected = null;
                LogDisconnected(client.IsConnected ? "the mqtt settings changed" : "the connection was lost");
                await client.DisconnectAsync(cancellationToken);
            }
            catch (LocalMqttException ex)
            {
                _connected = null;
                attempt++;
                if (attempt == 1)
                {
                    LogConnectFailed(ex.Message);
                }

                await Task.Delay(Retry.Delay(attempt), _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _connected = null;
                await SayGoodbyeAsync(client, topics);
                throw;
            }
            finally
            {
                await client.DisposeAsync();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The availability payloads.</summary>
    public const string Online = "online";

    /// <inheritdoc cref="Online" />
    public const string Offline = "offline";

    // A broker whose ACL refuses the subscription still gets alerts and states: commands are off on this connection.
    private async Task SubscribeAsync(ILocalMqttClient client, IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        try
        {
            await client.SubscribeAsync(filters, cancellationToken);
        }
        catch (LocalMqttException ex) when (client.IsConnected)
        {
            LogSubscribeRefused(ex.Message);
        }
    }

    // A failing listener must not take the connection down; the message is acknowledged anyway (it would fail again).
    private async Task DispatchAsync(TopicLayout topics, LocalMqttMessage message, CancellationToken cancellationToken)
    {
        foreach (var subscriber in _subscribers)
        {
            try
            {
                await subscriber.OnMessageAsync(topics, message, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogMessageFailed(message.Topic, ex.Message);
            }
        }
    }

    // A clean stop says offline itself: the broker drops the will on DISCONNECT.
    private static async Task SayGoodbyeAsync(ILocalMqttClient client, TopicLayout topics)
    {
        if (!client.IsConnected)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.PublishAsync(topics.Availability, Encoding.UTF8.GetBytes(Offline), retain: true, timeout.Token);
            await client.DisconnectAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is LocalMqttException or OperationCanceledException)
        {
            // The will says offline instead.
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Local MQTT connected: {Endpoint}")]
    private partial void LogConnected(string endpoint);

    [LoggerMessage(2, LogLevel.Warning, "Local MQTT disconnected: {Reason}; reconnecting")]
    private partial void LogDisconnected(string reason);

    [LoggerMessage(4, LogLevel.Warning, "Local MQTT message on {Topic} not handled: {Reason}")]
    private partial void LogMessageFailed(string topic, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Local MQTT commands not heard on this connection: {Reason}")]
    private partial void LogSubscribeRefused(string reason);

    [LoggerMessage(3, LogLevel.Warning, "Local MQTT not reachable: {Reason}; retrying with backoff (logged again once it connects)")]
    private partial void LogConnectFailed(string reason);
}
