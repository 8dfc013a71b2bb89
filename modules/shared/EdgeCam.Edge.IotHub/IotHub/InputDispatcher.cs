using System.Collections.Concurrent;
using System.Threading.Channels;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// Module inputs (and C2D for a device): one bounded queue and one pump per input, so handlers see messages in order
/// and one at a time; a full queue makes the receive loop wait (<see cref="BoundedChannelFullMode.Wait"/>), never drop.
/// </summary>
internal sealed class InputDispatcher(string identity, int capacity, ILogger logger)
{
    private readonly ConcurrentDictionary<string, InputHandler> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Channel<ModuleMessage>> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unhandledLogged = new(StringComparer.Ordinal);
    private readonly List<Task> _pumps = [];
    private CancellationToken _stopping = new(canceled: true);

    public bool HasHandlers => !_handlers.IsEmpty;

    public IEnumerable<string> InputNames => _handlers.Keys;

    public void Add(string inputName, InputHandler handler)
    {
        if (!_handlers.TryAdd(inputName, handler))
        {
            throw new InvalidOperationException($"{identity} already has a handler for input '{inputName}'");
        }
    }

    /// <summary>Starts taking messages; pumps stop when <paramref name="stopping"/> is cancelled.</summary>
    public void Start(CancellationToken stopping) => _stopping = stopping;

    public async ValueTask EnqueueAsync(string inputName, ModuleMessage message, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(inputName, out var handler))
        {
            if (_unhandledLogged.TryAdd(inputName, true))
            {
                IotHubLog.NoInputHandler(logger, identity, inputName);
            }

            return;
        }

        var queue = _queues.GetOrAdd(inputName, name =>
        {
            var channel = Channel.CreateBounded<ModuleMessage>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
            lock (_pumps)
            {
                _pumps.Add(Task.Run(() => PumpAsync(name, handler, channel.Reader, _stopping), CancellationToken.None));
            }

            return channel;
        });
        await queue.Writer.WriteAsync(message, cancellationToken);
    }

    /// <summary>Stops the queues and waits for the pumps.</summary>
    public async Task CompleteAsync()
    {
        foreach (var queue in _queues.Values)
        {
            queue.Writer.TryComplete();
        }

        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps);
    }

    private async Task PumpAsync(string inputName, InputHandler handler, ChannelReader<ModuleMessage> reader, CancellationToken stopping)
    {
        try
        {
            await foreach (var message in reader.ReadAllAsync(stopping))
            {
                try
                {
                    await handler(message, stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    IotHubLog.InputHandlerFailed(logger, identity, inputName, message.MessageId, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Closing.
        }
    }
}
