using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.InProcess;

/// <summary>
/// Everything the hub keeps for one module: its twin, its input queues (which exist, and hold messages, before the
/// module opens), and the handlers its client registered.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "The SemaphoreSlim never allocates a wait handle; the CTS is disposed in CloseAsync.")]
internal sealed class ModuleEndpoint
{
    private readonly ConcurrentDictionary<string, InputQueue> _inputs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MethodHandler> _methods = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _desiredGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly InProcessHubOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private DesiredPropertiesHandler? _desiredHandler;
    private bool _open;
    private bool _closed;

    public ModuleEndpoint(string moduleId, JsonObject desired, InProcessHubOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ModuleId = moduleId;
        Twin = new ModuleTwinState(desired);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public string ModuleId { get; }

    public ModuleTwinState Twin { get; }

    public bool IsOpen => Volatile.Read(ref _open);

    /// <summary>
    /// Queues a message on an input. Returns the task the sender waits for: it completes once the module's handler ran
    /// (the module's acknowledgement), at once when the module is open without a handler for this input (nothing would
    /// ever take it), or fails when the module closes without handling it. Null when the input is closed.
    /// </summary>
    public async ValueTask<Task?> EnqueueAsync(string inputName, ModuleMessage message, CancellationToken cancellationToken)
    {
        var input = Input(inputName);
        if (Volatile.Read(ref _closed))
        {
            // An input first used after the module closed: nothing will ever read it.
            input.Complete();
        }

        var handled = await input.EnqueueAsync(message, cancellationToken);
        lock (_lock)
        {
            return handled is not null && _open && !input.HasHandler ? Task.CompletedTask : handled;
        }
    }

    public void SetInputHandler(string inputName, InputHandler handler)
    {
        var input = Input(inputName);
        lock (_lock)
        {
            input.SetHandler(handler);
            if (_open)
            {
                input.Start(_stopping.Token);
            }
        }
    }

    public void SetDesiredPropertiesHandler(DesiredPropertiesHandler handler) => _desiredHandler = handler;

    public void SetMethodHandler(string methodName, MethodHandler handler)
    {
        if (!_methods.TryAdd(methodName, handler))
        {
            throw new InvalidOperationException($"module '{ModuleId}' already has a handler for method '{methodName}'");
        }
    }

    /// <summary>Delivers the full desired properties, then starts the inputs that have handlers.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _desiredGate.WaitAsync(cancellationToken);
        try
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                if (_open)
                {
                    return;
                }

                _open = true;
            }

            await CallDesiredHandlerAsync(new DesiredPropertiesUpdate(Twin.Desired(), IsFullDocument: true), cancellationToken);
        }
        finally
        {
            _desiredGate.Release();
        }

        lock (_lock)
        {
            foreach (var input in _inputs.Values.Where(i => i.HasHandler))
            {
                input.Start(_stopping.Token);
            }
        }

        _logger.Opened(ModuleId);
    }

    /// <summary>Hands a desired patch (already merged into the twin) to the module, if it is open.</summary>
    public async Task DeliverDesiredPatchAsync(JsonObject patch, CancellationToken cancellationToken)
    {
        await _desiredGate.WaitAsync(cancellationToken);
        try
        {
            if (IsOpen)
            {
                await CallDesiredHandlerAsync(new DesiredPropertiesUpdate(patch, IsFullDocument: false), cancellationToken);
            }
        }
        finally
        {
            _desiredGate.Release();
        }
    }

    private async Task CallDesiredHandlerAsync(DesiredPropertiesUpdate update, CancellationToken cancellationToken)
    {
        if (_desiredHandler is not { } handler)
        {
            return;
        }

        try
        {
            await handler(update, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The module's bug, not the caller's: the twin is updated either way, as with edgeHub, and the module's
            // inputs still open.
            _logger.DesiredHandlerFailed(ModuleId, update.Version, ex);
        }
    }

    public async Task<MethodResponse> InvokeAsync(string methodName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            return Reason(404, $"module '{ModuleId}' is not connected");
        }

        if (!_methods.TryGetValue(methodName, out var handler))
        {
            return Reason(404, $"module '{ModuleId}' has no method '{methodName}'");
        }

        try
        {
            return await handler(new MethodRequest(methodName, payload), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A failing method is answered like IoT Hub answers a module error: 500 with the reason.
            _logger.MethodFailed(ModuleId, methodName, ex);
            return Reason(500, $"method '{methodName}' of module '{ModuleId}' failed: {ex.Message}");
        }
    }

    /// <summary>Stops the inputs: queued messages are handed to their handlers until the drain timeout, then cancelled.</summary>
    public async Task CloseAsync()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _open = false;
        }

        foreach (var input in _inputs.Values)
        {
            input.Complete();
        }

        var pumps = Task.WhenAll(_inputs.Values.Select(i => i.Completion));
        try
        {
            await pumps.WaitAsync(_options.DrainTimeout, _timeProvider);
        }
        catch (TimeoutException)
        {
            _logger.DrainTimedOut(ModuleId, _options.DrainTimeout);
            await _stopping.CancelAsync();
            await pumps;
        }

        foreach (var (name, input) in _inputs.Where(kv => kv.Value.Pending > 0))
        {
            _logger.UndrainedInput(ModuleId, name, input.Pending);
            input.Abandon();
        }

        _stopping.Dispose();
    }

    private InputQueue Input(string inputName) =>
        _inputs.GetOrAdd(inputName, name => new InputQueue(ModuleId, name, _options.InputCapacity, _logger));

    private static MethodResponse Reason(int status, string message) =>
        MethodResponse.Json(status, new JsonObject { ["message"] = message }.ToJsonString());
}
