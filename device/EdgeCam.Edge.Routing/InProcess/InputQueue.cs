using System.Threading.Channels;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.InProcess;

/// <summary>
/// The queue of one module input: a bounded channel (senders wait when it is full, nothing is dropped) and, once the
/// handler is registered and the module is open, one pump task that hands messages to the handler in order. Each
/// queued message carries a task that completes when its handler returned (or threw): that is the acknowledgement the
/// sender waits for, as a module under IoT Edge acknowledges an input only after its handler ran. A message the module
/// closed without handling fails its task with <see cref="InputClosedException"/>.
/// </summary>
internal sealed class InputQueue
{
    private readonly Channel<Delivery> _channel;
    private readonly string _moduleId;
    private readonly string _inputName;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private InputHandler? _handler;
    private Task _pump = Task.CompletedTask;
    private int _fullLogged;
    private int _started;

    public InputQueue(string moduleId, string inputName, int capacity, ILogger logger)
    {
        _moduleId = moduleId;
        _inputName = inputName;
        _capacity = capacity;
        _logger = logger;
        _channel = Channel.CreateBounded<Delivery>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public bool HasHandler => _handler is not null;

    /// <summary>The pump: completes when the channel is completed and drained (or cancelled).</summary>
    public Task Completion => _pump;

    public void SetHandler(InputHandler handler)
    {
        if (Interlocked.CompareExchange(ref _handler, handler, null) is not null)
        {
            throw new InvalidOperationException($"module '{_moduleId}' already has a handler for input '{_inputName}'");
        }
    }

    /// <summary>
    /// Queues a message; waits while the input is full. Returns the task that completes once the handler ran, or null
    /// when the input is closed.
    /// </summary>
    public async ValueTask<Task?> EnqueueAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        var delivery = new Delivery(message);
        if (_channel.Writer.TryWrite(delivery))
        {
            Volatile.Write(ref _fullLogged, 0);
            return delivery.Handled.Task;
        }

        if (Interlocked.Exchange(ref _fullLogged, 1) == 0 && !_channel.Reader.Completion.IsCompleted)
        {
            _logger.InputFull(_moduleId, _inputName, _capacity);
        }

        while (await _channel.Writer.WaitToWriteAsync(cancellationToken))
        {
            if (_channel.Writer.TryWrite(delivery))
            {
                return delivery.Handled.Task;
            }
        }

        return null;
    }

    /// <summary>Starts handing queued messages to the handler (once; later calls do nothing).</summary>
    public void Start(CancellationToken cancellationToken)
    {
        var handler = _handler ?? throw new InvalidOperationException("no handler");
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        _pump = Task.Run(() => PumpAsync(handler, cancellationToken), CancellationToken.None);
    }

    /// <summary>Stops accepting messages; the pump finishes the queued ones.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Messages still queued (for a module that never registered this input's handler).</summary>
    public int Pending => _channel.Reader.Count;

    /// <summary>Fails the messages still queued (the module closed without handling them): their senders learn it.</summary>
    public void Abandon()
    {
        while (_channel.Reader.TryRead(out var delivery))
        {
            delivery.NotHandled(_moduleId, _inputName);
        }
    }

    private async Task PumpAsync(InputHandler handler, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var delivery in _channel.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await handler(delivery.Message, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    delivery.NotHandled(_moduleId, _inputName);
                    return;
                }
                catch (MessageNotTakenException)
                {
                    // The module cannot take it now (it is stopping): its sender keeps the message for the restart.
                    delivery.NotHandled(_moduleId, _inputName);
                    continue;
                }
                catch (Exception ex)
                {
                    // A module's handler bug must not stop the input: log it with the message id and go on. Like a module
                    // under IoT Edge, which acknowledges a message whose handler threw, the sender counts it as delivered
                    // (a poison message must not come back forever).
                    _logger.InputHandlerFailed(_moduleId, _inputName, delivery.Message.MessageId, ex);
                }

                delivery.Handled.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown after the drain timeout: the messages left are failed by Abandon.
        }
    }

    private sealed record Delivery(ModuleMessage Message)
    {
        public TaskCompletionSource Handled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void NotHandled(string moduleId, string inputName) => Handled.TrySetException(new InputClosedException(moduleId, inputName));
    }
}
