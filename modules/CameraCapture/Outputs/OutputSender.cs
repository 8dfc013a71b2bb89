using System.Threading.Channels;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture.Outputs;

/// <summary>
/// Sends module messages in order on their own task, so that a slow or disconnected transport never holds up frame
/// analysis. The queue is bounded and waits when full (events are not dropped silently; analysis then lags and the
/// capture process drops frames instead, while recording goes on). A message may carry a callback that runs once its
/// send completed (the motion journal forgets an event only then).
/// </summary>
internal sealed partial class OutputSender : IAsyncDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private readonly Channel<Outgoing> _queue =
        Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly IModuleClient _client;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _pump;

    public OutputSender(IModuleClient client, ILogger logger)
    {
        _client = client;
        _logger = logger;
        _pump = PumpAsync(_stopping.Token);
    }

    /// <summary>Queues <paramref name="message"/> for <paramref name="output"/>.</summary>
    public ValueTask EnqueueAsync(string output, ModuleMessage message, CancellationToken cancellationToken)
        => EnqueueAsync(output, message, null, cancellationToken);

    /// <summary>
    /// Queues <paramref name="message"/> for <paramref name="output"/>; <paramref name="onSent"/> runs on the sending task
    /// after the transport's SendAsync completed (never when it failed or was cancelled). It must not throw.
    /// </summary>
    public ValueTask EnqueueAsync(string output, ModuleMessage message, Action? onSent, CancellationToken cancellationToken)
        => _queue.Writer.WriteAsync(new Outgoing(output, message, onSent), cancellationToken);

    /// <summary>Sends what is queued (for a few seconds at most), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _stopping.CancelAfter(DrainTimeout);
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
            // Shutdown while the transport was stuck: what was left is lost with the process anyway (motion events
            // stay in the journal and are sent at the next start).
        }

        _stopping.Dispose();
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        await foreach (var (output, message, onSent) in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            try
            {
                await _client.SendAsync(output, message, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The transport decides about retries (the agent keeps an outbox); one failed send must not stop the rest.
                LogSendFailed(output, message.MessageId, ex.Message);
                continue;
            }

            onSent?.Invoke();
        }
    }

    [LoggerMessage(10, LogLevel.Warning, "Sending on output {Output} failed (message {MessageId}): {Reason}")]
    private partial void LogSendFailed(string output, string? messageId, string reason);

    private readonly record struct Outgoing(string Output, ModuleMessage Message, Action? OnSent);
}
