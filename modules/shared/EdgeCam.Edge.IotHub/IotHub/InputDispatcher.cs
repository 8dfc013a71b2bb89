using System.Collections.Concurrent;
using System.Threading.Channels;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// Module inputs (and C2D for a device): one bounded queue and one pump per input, so handlers see messages in order
/// and one at a time; a full queue makes the receive loop wait (<see cref="BoundedChannelFullMode.Wait"/>), never drop.
/// Each message is acknowledged (PUBACK) once its handler returned or threw: one whose handler did not finish (closing,
/// a crash, a connection lost meanwhile) is delivered again on the next connection of the persistent session.
/// </summary>
internal sealed class InputDispatcher(string identity, int capacity, TimeProvider time, ILogger logger)
{
    /// <summary>Longest wait for a PUBACK to be written; a connection that stalls longer redelivers the message.</summary>
    private static readonly TimeSpan AcknowledgeTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, InputHandler> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Channel<Delivery>> _queues = new(StringComparer.Ordinal);
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

    /// <summary>Queues <paramref name="message"/> for its input's handler; <paramref name="received"/> is acknowledged after it.</summary>
    public async ValueTask EnqueueAsync(string inputName, ModuleMessage message, MqttIncomingMessage received, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(inputName, out var handler))
        {
            if (_unhandledLogged.TryAdd(inputName, true))
            {
                IotHubLog.NoInputHandler(logger, identity, inputName);
            }

            // Dropped for good: a redelivery would find no handler either.
            await AcknowledgeAsync(received);
            return;
        }

        var queue = _queues.GetOrAdd(inputName, name =>
        {
            var channel = Channel.CreateBounded<Delivery>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
            lock (_pumps)
            {
                _pumps.Add(Task.Run(() => PumpAsync(name, handler, channel.Reader, _stopping), CancellationToken.None));
            }

            return channel;
        });
        try
        {
            await queue.Writer.WriteAsync(new Delivery(message, received), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // Closing: left unacknowledged, so the broker delivers it again on the next connection.
        }
    }

    /// <summary>Stops the queues and waits for the pumps (and the acknowledgements of the handlers that finished).</summary>
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

    private async Task PumpAsync(string inputName, InputHandler handler, ChannelReader<Delivery> reader, CancellationToken stopping)
    {
        try
        {
            await foreach (var (message, received) in reader.ReadAllAsync(stopping))
            {
                try
                {
                    await handler(message, stopping);
                }
                catch (MessageNotTakenException ex)
                {
                    // The module cannot take it now (it is stopping): no PUBACK, so edgeHub delivers it again.
                    IotHubLog.InputNotTaken(logger, identity, inputName, message.MessageId, ex.Message);
                    continue;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    // Acknowledged all the same: a message its handler cannot take would otherwise come back forever.
                    IotHubLog.InputHandlerFailed(logger, identity, inputName, message.MessageId, ex);
                }

                await AcknowledgeAsync(received);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Closing: a handler cancelled midway leaves its message unacknowledged, to be delivered again.
        }
    }

    private async Task AcknowledgeAsync(MqttIncomingMessage received)
    {
        // Not the stopping token: a handler that finished while the client closes is still acknowledged.
        using var timeout = new CancellationTokenSource(AcknowledgeTimeout, time);
        try
        {
            await ConnectionCalls.Abandonable(received.AcknowledgeAsync(timeout.Token), timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // The connection stalls: the broker delivers the message again on the next one.
        }
    }

    private readonly record struct Delivery(ModuleMessage Message, MqttIncomingMessage Received);
}
