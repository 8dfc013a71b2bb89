using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// <see cref="IModuleClient"/> over the IoT Hub MQTT contract, for a module on edgeHub or a device on IoT Hub
/// (<see cref="IIotHubCredentials.ModuleId"/> null). Behaves like the in-process client: handlers are registered before
/// <see cref="OpenAsync"/>, which delivers the full desired section once; after every reconnect the full twin is fetched
/// again (patches made while offline are never replayed) and delivered if its <c>$version</c> changed.
/// <para>
/// <see cref="SendAsync"/> publishes at QoS 1 and completes at PUBACK; while disconnected, messages wait (bounded) and
/// go out after the reconnect with the same <c>$.mid</c> (a GUID is assigned when the message has none).
/// Output <see cref="TelemetryOutput"/> sends plain telemetry; any other name is a module output (<c>$.on</c>).
/// A device receives C2D messages on input <see cref="CloudToDeviceInput"/>.
/// </para>
/// </summary>
public sealed class IotHubModuleClient : IModuleClient
{
    /// <summary>The output name that sends plain telemetry (no <c>$.on</c>), as <c>sendEvent</c> does.</summary>
    public const string TelemetryOutput = "$telemetry";

    /// <summary>The input name on which a device identity receives cloud-to-device messages.</summary>
    public const string CloudToDeviceInput = "$cloudToDevice";

    private readonly IotHubTopics _topics;
    private readonly ConnectionSupervisor _supervisor;
    private readonly DesiredPropertiesSync _desired;
    private readonly TwinRequests _twin;
    private readonly PendingRequests _pending = new();
    private readonly MethodDispatcher _methods;
    private readonly InputDispatcher _inputs;
    private readonly OutgoingQueue _outgoing;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private int _state; // 0 new, 1 open, 2 closed

    public IotHubModuleClient(
        IIotHubCredentials credentials,
        IotHubClientOptions options,
        Func<IMqttConnection> connectionFactory,
        TimeProvider timeProvider,
        ILogger<IotHubModuleClient> logger)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connectionFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _logger = logger;
        _topics = new IotHubTopics(credentials.DeviceId, credentials.ModuleId);
        _supervisor = new ConnectionSupervisor(credentials, options, connectionFactory, Subscriptions, StartReceiving, timeProvider, logger);
        _twin = new TwinRequests(_supervisor, _pending, options, timeProvider, logger);
        _desired = new DesiredPropertiesSync(_twin, _supervisor.Identity, logger);
        _methods = new MethodDispatcher(_supervisor.Identity, logger);
        _inputs = new InputDispatcher(_supervisor.Identity, options.InputQueueCapacity, logger);
        _outgoing = new OutgoingQueue(_supervisor, options, timeProvider, logger);
        _supervisor.Reconnected += _ => _desired.RefreshSafelyAsync(_stopping.Token);
    }

    /// <inheritdoc />
    public string ModuleId => _topics.ModuleId ?? _topics.DeviceId;

    /// <summary>The desired <c>$version</c> last handed to the module, or null before the first.</summary>
    public long? AppliedDesiredVersion => _desired.AppliedVersion;

    /// <inheritdoc />
    public void SetInputHandler(string inputName, InputHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputName);
        ArgumentNullException.ThrowIfNull(handler);
        _inputs.Add(inputName, handler);
    }

    /// <inheritdoc />
    public void SetDesiredPropertiesHandler(DesiredPropertiesHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _desired.Handler = handler;
    }

    /// <inheritdoc />
    public void SetMethodHandler(string methodName, MethodHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(handler);
        _methods.Add(methodName, handler);
    }

    /// <inheritdoc />
    /// <exception cref="IotHubAuthenticationException">The hub refused the credentials.</exception>
    /// <exception cref="IotHubProtocolException">The hub's twin is malformed.</exception>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException($"the client of {_supervisor.Identity} was already opened");
        }

        var stopping = _stopping.Token;
        _inputs.Start(stopping);
        await _supervisor.ConnectFirstAsync(cancellationToken);
        lock (_loops)
        {
            _loops.Add(Task.Run(() => _supervisor.RunAsync(stopping), CancellationToken.None));
            _loops.Add(Task.Run(() => _desired.RunAsync(stopping), CancellationToken.None));
            _loops.Add(Task.Run(() => _outgoing.RunAsync(stopping), CancellationToken.None));
        }

        await _desired.RefreshAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="MessageTooLargeException">The message is bigger than 256 KB.</exception>
    public async Task SendAsync(string outputName, ModuleMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputName);
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == 2, this);
        var stamped = message.MessageId is null ? message with { MessageId = Guid.NewGuid().ToString() } : message;
        var topic = MessageTopic.ForTelemetry(_topics, outputName == TelemetryOutput ? null : outputName, stamped);
        IotHubLimits.CheckMessage(ModuleId, outputName, stamped, topic);
        await _outgoing.SendAsync(topic, stamped.Body, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TwinDocument> GetTwinAsync(CancellationToken cancellationToken) => _twin.GetAsync(cancellationToken);

    /// <inheritdoc />
    /// <exception cref="IotHubLimitExceededException">The patch is bigger than 32 KB or holds a value bigger than 4 KB.</exception>
    public async Task UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        await _twin.PatchReportedAsync(patch, cancellationToken);
    }

    /// <summary>Stops the loops, closes the connection and waits for the input handlers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _supervisor.CloseAsync();
        Task[] loops;
        lock (_loops)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));
        await _inputs.CompleteAsync();
        _stopping.Dispose();
    }

    private List<MqttSubscription> Subscriptions()
    {
        // As the Node SDK subscribes: twin and methods at QoS 0, inputs and C2D at QoS 1 (at most 5 filters in all).
        var subscriptions = new List<MqttSubscription>
        {
            new(IotHubTopics.TwinResponseFilter, MqttQos.AtMostOnce),
            new(IotHubTopics.DesiredPatchFilter, MqttQos.AtMostOnce),
            new(IotHubTopics.MethodRequestFilter, MqttQos.AtMostOnce),
        };
        if (_inputs.HasHandlers && (_topics.InputFilter ?? _topics.CloudToDeviceFilter) is { } filter)
        {
            subscriptions.Add(new(filter, MqttQos.AtLeastOnce));
        }

        return subscriptions;
    }

    private void StartReceiving(MqttSession session)
    {
        var stopping = _stopping.Token;
        var loop = Task.Run(() => ReceiveAsync(session, stopping), CancellationToken.None);
        lock (_loops)
        {
            _loops.Add(loop);
            _loops.RemoveAll(l => l.IsCompleted);
        }
    }

    private async Task ReceiveAsync(MqttSession session, CancellationToken stopping)
    {
        try
        {
            // Reads until the connection is disposed, so messages that arrived just before a loss are still handled.
            await foreach (var message in session.Connection.Messages.ReadAllAsync(stopping))
            {
                await DispatchAsync(session, message, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Closing.
        }
    }

    private async ValueTask DispatchAsync(MqttSession session, MqttIncomingMessage message, CancellationToken stopping)
    {
        var incoming = _topics.Classify(message.Topic);
        switch (incoming.Kind)
        {
            case IncomingKind.TwinResponse:
                _pending.Complete(incoming.RequestId!, new TwinResponse(incoming.Status, incoming.Version, message.Payload));
                break;
            case IncomingKind.DesiredPatch:
                _desired.Enqueue(message.Payload, incoming.Version);
                break;
            case IncomingKind.MethodRequest:
                _methods.Dispatch(session, incoming.Name!, incoming.RequestId!, message.Payload, stopping);
                break;
            case IncomingKind.Input:
                await _inputs.EnqueueAsync(incoming.Name!, MessageTopic.Parse(incoming.PropertyBag, message.Payload), stopping);
                break;
            case IncomingKind.CloudToDevice:
                await _inputs.EnqueueAsync(CloudToDeviceInput, MessageTopic.Parse(incoming.PropertyBag, message.Payload), stopping);
                break;
            default:
                IotHubLog.UnexpectedTopic(_logger, _supervisor.Identity, message.Topic);
                break;
        }
    }
}
