using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.InProcess;

/// <summary>
/// edgeHub inside one process (the agent): routes messages between module clients by the deployment's routes, sends
/// <c>$upstream</c> messages to an <see cref="IUpstreamSink"/>, and keeps every module's twin and direct methods.
/// The modules it knows are the keys of the desired properties it was given (one per deployment module).
/// </summary>
public sealed class InProcessHub : IModuleClientFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ModuleEndpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _loggedOnce = new(StringComparer.Ordinal);
    private readonly RouteTable _routes;
    private readonly IUpstreamSink _upstream;
    private readonly TimeProvider _timeProvider;
    private readonly InProcessHubOptions _options;
    private readonly ILogger _logger;
    private long _undeliverable;

    public InProcessHub(
        RouteTable routes,
        IReadOnlyDictionary<string, JsonObject> desiredProperties,
        IUpstreamSink upstream,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        InProcessHubOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(desiredProperties);
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _routes = routes;
        _upstream = upstream;
        _timeProvider = timeProvider;
        _options = options ?? new InProcessHubOptions();
        _logger = loggerFactory.CreateLogger<InProcessHub>();
        foreach (var (moduleId, desired) in desiredProperties)
        {
            _endpoints[moduleId] = new ModuleEndpoint(moduleId, desired, _options, timeProvider, _logger);
        }
    }

    /// <summary>A hub for the modules, routes and desired properties of a deployment template.</summary>
    public static InProcessHub FromTemplate(
        DeploymentTemplate template,
        IUpstreamSink upstream,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        InProcessHubOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new InProcessHub(template.Routes, template.DesiredProperties(), upstream, timeProvider, loggerFactory, options);
    }

    /// <summary>Raised for every message a module sent, once it is queued for every sink (before the handlers ran).</summary>
    public event EventHandler<RoutedMessage>? MessageRouted;

    /// <summary>Messages that a route sent to a module that is not in the deployment, or to a closed input.</summary>
    public long UndeliverableMessageCount => Interlocked.Read(ref _undeliverable);

    /// <summary>The client of <paramref name="moduleId"/>; one per module for the hub's lifetime.</summary>
    /// <exception cref="InvalidOperationException">The module already has a client.</exception>
    public Task<IModuleClient> CreateAsync(string moduleId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(moduleId);
        if (!_clients.TryAdd(moduleId, true))
        {
            throw new InvalidOperationException($"module '{moduleId}' already has a client on this hub");
        }

        var endpoint = _endpoints.GetOrAdd(moduleId, id => new ModuleEndpoint(id, [], _options, _timeProvider, _logger));
        return Task.FromResult<IModuleClient>(new InProcessModuleClient(this, endpoint));
    }

    /// <summary>Merges a desired patch into the module's twin (null removes; <c>$version</c> increments) and delivers it.</summary>
    public async Task UpdateDesiredPropertiesAsync(string moduleId, JsonObject patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var endpoint = Endpoint(moduleId);
        var delivered = endpoint.Twin.MergeDesired(patch);
        await endpoint.DeliverDesiredPatchAsync(delivered, cancellationToken);
    }

    /// <summary>Calls a direct method: 404 for an unknown module, a module not open or an unknown method; 500 when it throws.</summary>
    public Task<MethodResponse> InvokeMethodAsync(string moduleId, string methodName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        if (payload.Length > MethodRequest.MaxPayloadBytes)
        {
            throw new ArgumentException($"the payload is {payload.Length} bytes, more than the {MethodRequest.MaxPayloadBytes} a method accepts", nameof(payload));
        }

        return _endpoints.TryGetValue(moduleId, out var endpoint)
            ? endpoint.InvokeAsync(methodName, payload, cancellationToken)
            : Task.FromResult(MethodResponse.Json(404, new JsonObject { ["message"] = $"module '{moduleId}' is not part of this deployment" }.ToJsonString()));
    }

    /// <summary>Calls a direct method with a JSON text payload.</summary>
    public Task<MethodResponse> InvokeMethodAsync(string moduleId, string methodName, string payloadJson, CancellationToken cancellationToken) =>
        InvokeMethodAsync(moduleId, methodName, Encoding.UTF8.GetBytes(payloadJson ?? "null"), cancellationToken);

    /// <summary>A copy of the module's reported properties (with <c>$version</c>).</summary>
    public JsonObject GetReportedProperties(string moduleId) => Endpoint(moduleId).Twin.Reported();

    /// <summary>A copy of the module's desired properties (with <c>$version</c>).</summary>
    public JsonObject GetDesiredProperties(string moduleId) => Endpoint(moduleId).Twin.Desired();

    /// <summary>Closes every module: inputs stop accepting and drain into their handlers.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_endpoints.Values.Select(e => e.CloseAsync()));
    }

    internal async Task RouteAsync(string moduleId, string outputName, ModuleMessage message, CancellationToken cancellationToken)
    {
        long size = MessageSize.Of(message);
        if (size > ModuleMessage.MaxSizeBytes)
        {
            throw new MessageTooLargeException(moduleId, outputName, size);
        }

        var delivered = message with
        {
            MessageId = message.MessageId ?? Guid.NewGuid().ToString("N"),
            ConnectionModuleId = moduleId,
            OutputName = outputName,
        };
        var matches = _routes.Match(new RouteMessageContext(moduleId, outputName, delivered, _options.DeviceId));
        if (matches.Count == 0 && _loggedOnce.TryAdd($"noroute/{moduleId}/{outputName}", true))
        {
            _logger.NoRoute(moduleId, outputName);
        }

        // Queued on every matching input in route order, then acknowledged once every handler ran: the sender's journal
        // may drop the message only when each receiver has it (in its own journal, or handled).
        var handled = new List<Task>(matches.Count);
        foreach (var match in matches)
        {
            handled.Add(await DeliverAsync(match, moduleId, delivered, cancellationToken));
        }

        Observe(new RoutedMessage(moduleId, outputName, delivered, [.. matches.Select(m => m.Sink)], _timeProvider.GetUtcNow()));
        await Task.WhenAll(handled).WaitAsync(cancellationToken);
    }

    // Returns the task that completes when the sink has the message: at once for upstream (the sink's SendAsync is its
    // acknowledgement) and for a dropped message, after the handler ran for a module input.
    private async Task<Task> DeliverAsync(RouteMatch match, string fromModuleId, ModuleMessage message, CancellationToken cancellationToken)
    {
        if (match.Sink is not ModuleInputSink input)
        {
            await _upstream.SendAsync(fromModuleId, message, cancellationToken);
            return Task.CompletedTask;
        }

        if (!_endpoints.TryGetValue(input.ModuleId, out var endpoint))
        {
            Interlocked.Increment(ref _undeliverable);
            if (_loggedOnce.TryAdd($"unknown/{match.Route.Name}", true))
            {
                _logger.UnknownModule(match.Route.Name, input.ModuleId);
            }

            return Task.CompletedTask;
        }

        if (await endpoint.EnqueueAsync(input.InputName, message, cancellationToken) is { } handled)
        {
            return handled;
        }

        Interlocked.Increment(ref _undeliverable);
        if (_loggedOnce.TryAdd($"closed/{match.Route.Name}/{input.ModuleId}/{input.InputName}", true))
        {
            _logger.InputClosed(input.ModuleId, input.InputName, match.Route.Name);
        }

        return Task.CompletedTask;
    }

    private void Observe(RoutedMessage routed)
    {
        try
        {
            MessageRouted?.Invoke(this, routed);
        }
        catch (Exception ex)
        {
            // An observer (console view, test probe) must not break routing between modules.
            _logger.ObserverFailed(routed.FromModuleId, ex);
        }
    }

    private ModuleEndpoint Endpoint(string moduleId) =>
        _endpoints.TryGetValue(moduleId, out var endpoint)
            ? endpoint
            : throw new KeyNotFoundException($"module '{moduleId}' is not part of this deployment");
}
