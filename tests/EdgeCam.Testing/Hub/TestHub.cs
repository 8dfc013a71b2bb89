using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Testing.Hub;

/// <summary>
/// The real in-process hub with routes given as strings, recording every routed message and everything sent
/// upstream, so module tests run a module exactly as the agent does and observe its outputs.
/// </summary>
public sealed class TestHub : IAsyncDisposable, IUpstreamSink
{
    private readonly ConcurrentQueue<RoutedMessage> _routed = new();
    private readonly ConcurrentQueue<(string From, ModuleMessage Message)> _upstream = new();
    private readonly SemaphoreSlim _signal = new(0);

    private TestHub(IReadOnlyDictionary<string, string> routes, IReadOnlyDictionary<string, JsonObject>? desired, TimeProvider time)
    {
        Hub = new InProcessHub(
            RouteTable.Parse(routes),
            desired ?? new Dictionary<string, JsonObject>(),
            this,
            time,
            NullLoggerFactory.Instance);
        Hub.MessageRouted += (_, routed) =>
        {
            _routed.Enqueue(routed);
            _signal.Release();
        };
    }

    /// <summary>The hub under test.</summary>
    public InProcessHub Hub { get; }

    /// <summary>Every message any module sent, in routing order.</summary>
    public IReadOnlyList<RoutedMessage> Routed => [.. _routed];

    /// <summary>Every message that reached <c>$upstream</c>.</summary>
    public IReadOnlyList<(string From, ModuleMessage Message)> Upstream => [.. _upstream];

    /// <summary>A hub with <paramref name="routes"/> (name → route text) and optional per-module desired properties.</summary>
    public static TestHub Create(IReadOnlyDictionary<string, string> routes, IReadOnlyDictionary<string, JsonObject>? desired = null, TimeProvider? time = null)
        => new(routes, desired, time ?? TimeProvider.System);

    /// <summary>Creates the client of <paramref name="moduleId"/> (for a test that plays that module).</summary>
    public Task<IModuleClient> ClientAsync(string moduleId) => Hub.CreateAsync(moduleId, CancellationToken.None);

    /// <summary>Waits until a routed message satisfies <paramref name="predicate"/>; fails with the messages seen so far.</summary>
    public async Task<RoutedMessage> WaitForAsync(Func<RoutedMessage, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var hit = _routed.FirstOrDefault(predicate);
            if (hit is not null)
            {
                return hit;
            }

            try
            {
                await _signal.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                var seen = string.Join("; ", _routed.Select(r => $"{r.FromModuleId}/{r.OutputName}: {r.Message.BodyText}"));
                throw new TimeoutException($"no matching message within {timeout.TotalSeconds:F0} s. Seen: [{seen}]");
            }
        }
    }

    /// <summary>Waits until <paramref name="moduleId"/> has reported properties satisfying <paramref name="predicate"/>.</summary>
    public async Task<JsonObject> WaitForReportedAsync(string moduleId, Func<JsonObject, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var reported = Hub.GetReportedProperties(moduleId);
            if (predicate(reported))
            {
                return reported;
            }

            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"reported properties of {moduleId} did not match within {timeout.TotalSeconds:F0} s: {reported.ToJsonString()}");
            }
        }
    }

    /// <summary>Closes every module's inputs and waits until each queued message was handled: after it, outputs are final.</summary>
    public ValueTask DrainAsync() => Hub.DisposeAsync();

    Task IUpstreamSink.SendAsync(string fromModuleId, ModuleMessage message, CancellationToken cancellationToken)
    {
        _upstream.Enqueue((fromModuleId, message));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        _signal.Dispose();
    }
}
