using System.Threading.Channels;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.InProcess;

/// <summary>
/// The queue of one module input: a bounded channel (senders wait when it is full, nothing is dropped) and, once the
/// handler is registered and the module is open, one pump task that hands messages to the handler in order.
/// </summary>
internal sealed class InputQueue
{
    private readonly Channel<ModuleMessage> _channel;
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
        _channel = Channel.CreateBounded<ModuleMessage>(new BoundedChannelOptions(capacity)
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

    /// <summary>Queues a message; waits while the input is full. False when the input is closed.</summary>
    public async ValueTask<bool> EnqueueAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        if (_channel.Writer.TryWrite(message))
        {
            Volatile.Write(ref _fullLogged, 0);
            return true;
        }

        if (Interlocked.Exchange(ref _fullLogged, 1) == 0 && !_channel.Reader.Completion.IsCompleted)
        {
            _logger.InputFull(_moduleId, _inputName, _capacity);
        }

        while (await _channel.Writer.WaitToWriteAsync(cancellationToken))
        {
            if (_channel.Writer.TryWrite(message))
            {
                return true;
            }
        }

        return false;
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

    private async Task PumpAsync(InputHandler handler, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _channel.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await handler(message, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // A module's handler bug must not stop the input: log it with the message id and go on (edgeHub would
                    // not redeliver it either once the client acknowledged it).
                    _logger.InputHandlerFailed(_moduleId, _inputName, message.MessageId, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown after the drain timeout.
        }
    }
}
