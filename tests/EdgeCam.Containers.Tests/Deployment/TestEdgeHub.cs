using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Edge.Routing;

namespace EdgeCam.Containers.Tests.Deployment;

/// <summary>
/// edgeHub for the module containers, made of Mosquitto and EdgeCam's own route engine: one broker per module (see
/// <see cref="ModuleBrokerLink"/>), each with TLS on 127.0.0.1 under the test CA. It reads every module output, applies the
/// <c>$edgeHub</c> routes of the deployment (<see cref="RouteTable"/>) and republishes each message to the input a route
/// names, at QoS 1 to the target module's persistent session; <c>$upstream</c> messages are kept as what IoT Hub received.
/// It answers each module's twin GET with that module's desired properties and takes its reported PATCHes.
/// <para>
/// Fidelity gap: edgeHub stores a message before it acknowledges it and forwards it from its store (with a time to
/// live); here the module's PUBACK comes from Mosquitto on receipt, and a message for a module that is down waits in that
/// module's persistent session in Mosquitto's memory. A message for a module that never connected is dropped (edgeHub
/// would keep it), so modules are started before the ones that send to them, and a broker restart would lose messages.
/// A source output is acknowledged to the hub's session only after every route's delivery was acknowledged.
/// </para>
/// </summary>
public sealed class TestEdgeHub : IAsyncDisposable
{
    public const string DeviceId = "pi";

    private readonly RouteTable _routes;
    private readonly Dictionary<string, ModuleBrokerLink> _links;
    private readonly ConcurrentQueue<RoutedMessage> _routed = new();
    private readonly ConcurrentQueue<ModuleMessage> _upstream = new();
    private readonly ConcurrentDictionary<string, int> _routeUse = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _readers = [];

    private TestEdgeHub(RouteTable routes, Dictionary<string, ModuleBrokerLink> links)
    {
        _routes = routes;
        _links = links;
    }

    /// <summary>Raised for every module output, after its deliveries, with the sinks it reached (from the readers' tasks).</summary>
    public event EventHandler<RoutedMessage>? MessageRouted;

    /// <summary>What reached <c>$upstream</c>, in order.</summary>
    public IReadOnlyList<ModuleMessage> Upstream => [.. _upstream];

    /// <summary>Every routed module output, in order.</summary>
    public IReadOnlyList<RoutedMessage> Routed => [.. _routed];

    /// <summary>How many messages each route carried, by route name.</summary>
    public IReadOnlyDictionary<string, int> RouteUse => new Dictionary<string, int>(_routeUse, StringComparer.Ordinal);

    /// <summary>Messages the hub could not handle (a route to a module it does not know, a lost connection), for failure messages.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>
    /// Starts a broker and a link for each module of <paramref name="template"/>; each module's twin answers with its
    /// desired properties from the template merged with <paramref name="desiredOverrides"/> (as the demo overrides the source).
    /// </summary>
    public static async Task<TestEdgeHub> StartAsync(DeploymentTemplate template, IReadOnlyDictionary<string, JsonObject> desiredOverrides, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(desiredOverrides);
        var links = new Dictionary<string, ModuleBrokerLink>(StringComparer.Ordinal);
        var hub = new TestEdgeHub(template.Routes, links);
        try
        {
            foreach (var module in template.ModuleNames)
            {
                var desired = template.DesiredPropertiesOf(module);
                foreach (var (key, value) in desiredOverrides.GetValueOrDefault(module) ?? [])
                {
                    desired[key] = value?.DeepClone();
                }

                links[module] = await ModuleBrokerLink.StartAsync(module, desired, cancellationToken);
            }
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        foreach (var link in links.Values)
        {
            hub._readers.Add(Task.Run(() => hub.ReadAsync(link, hub._stopping.Token), CancellationToken.None));
        }

        return hub;
    }

    /// <summary>The TLS port on 127.0.0.1 that <paramref name="module"/> connects to (its <c>EDGECAM_EDGEHUB_PORT</c>).</summary>
    public int TlsPortOf(string module) => Link(module).Broker.TlsPort;

    /// <summary>The CA that signed every broker's certificate (the trust bundle the workload API hands out).</summary>
    public string CaFile => _links.Values.First().Broker.CaFile;

    /// <summary>How many twin GETs <paramref name="module"/> sent: one means it connected, subscribed and asked for its settings.</summary>
    public int TwinGetsOf(string module) => Link(module).TwinGets;

    /// <summary>What <paramref name="module"/> reported.</summary>
    public JsonObject ReportedOf(string module) => Link(module).Reported;

    /// <summary>What <paramref name="module"/>'s broker printed (connects, subscribes, disconnects).</summary>
    public string BrokerLogOf(string module) => Link(module).Broker.Log;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var link in _links.Values)
        {
            await link.DisposeAsync();
        }

        await Task.WhenAll(_readers).ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private ModuleBrokerLink Link(string module) =>
        _links.TryGetValue(module, out var link) ? link : throw new KeyNotFoundException($"the deployment has no module '{module}'");

    private async Task ReadAsync(ModuleBrokerLink link, CancellationToken stopping)
    {
        try
        {
            await foreach (var incoming in link.Connection.Messages.ReadAllAsync(stopping))
            {
                if (link.ReadOutput(incoming) is { } message)
                {
                    await RouteAsync(link.Module, message, stopping);
                    await incoming.AcknowledgeAsync(stopping);
                }
                else
                {
                    await link.AnswerTwinAsync(incoming, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception ex)
        {
            _problems.Enqueue($"the hub's link to {link.Module} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task RouteAsync(string fromModule, ModuleMessage message, CancellationToken cancellationToken)
    {
        var output = message.OutputName ?? string.Empty;
        var matches = _routes.Match(new RouteMessageContext(fromModule, output, message, DeviceId));
        foreach (var match in matches)
        {
            switch (match.Sink)
            {
                case ModuleInputSink input when _links.TryGetValue(input.ModuleId, out var target):
                    await target.DeliverAsync(input.InputName, message, fromModule, cancellationToken);
                    break;
                case ModuleInputSink input:
                    _problems.Enqueue($"route '{match.Route.Name}' names module '{input.ModuleId}', which the deployment does not run");
                    continue;
                default:
                    _upstream.Enqueue(message);
                    break;
            }

            _routeUse.AddOrUpdate(match.Route.Name, 1, (_, count) => count + 1);
        }

        var routed = new RoutedMessage(fromModule, output, message, [.. matches.Select(m => m.Sink)], DateTimeOffset.UtcNow);
        _routed.Enqueue(routed);
        MessageRouted?.Invoke(this, routed);
    }
}
