using System.Threading.Channels;
using EdgeCam.Edge.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// Telemetry and outputs, sent one at a time at QoS 1 in the order accepted. A message waits here while the connection
/// is down and is published again, with the same topic and so the same <c>$.mid</c>, when a connection dropped before
/// its PUBACK. The queue is bounded (<see cref="BoundedChannelFullMode.Wait"/>): a full queue makes senders wait.
/// </summary>
internal sealed class OutgoingQueue(ConnectionSupervisor supervisor, IotHubClientOptions options, TimeProvider time, ILogger logger)
{
    private readonly Channel<Outgoing> _queue = Channel.CreateBounded<Outgoing>(
        new BoundedChannelOptions(options.SendQueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>Accepts a message (waiting for room), then waits for its PUBACK.</summary>
    public async Task SendAsync(string topic, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var item = new Outgoing(topic, body);
        await _queue.Writer.WriteAsync(item, cancellationToken);
        await item.Sent.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Publishes until stopped; what is left then fails its senders.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(stopping))
            {
                await PublishUntilAckedAsync(item, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            int unsent = 0;
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                unsent += left.Sent.TrySetException(new ObjectDisposedException(nameof(IotHubModuleClient), "the client closed before the message was sent")) ? 1 : 0;
            }

            if (unsent > 0)
            {
                IotHubLog.UnsentOnClose(logger, supervisor.Identity, unsent);
            }
        }
    }

    private async Task PublishUntilAckedAsync(Outgoing item, CancellationToken stopping)
    {
        for (int failures = 0; ; )
        {
            MqttSession session;
            try
            {
                session = await supervisor.WaitConnectedAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                // Closing while this message waits for a connection: its sender hears so instead of waiting forever.
                item.Sent.TrySetException(new ObjectDisposedException(nameof(IotHubModuleClient), "the client closed before the message was sent"));
                throw new OperationCanceledException("closing", ex, stopping);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, session.Ended);
            try
            {
                await session.PublishAsync(item.Topic, item.Body, MqttQos.AtLeastOnce, linked.Token);
                item.Sent.TrySetResult();
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                item.Sent.TrySetException(new ObjectDisposedException(nameof(IotHubModuleClient), "the client closed before the message was acknowledged"));
                throw;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                // Lost before PUBACK: the next session sends it again. A failure on a live session waits a little, so a
                // connection that rejects publishes without dropping does not spin.
                if (session.IsAlive)
                {
                    await Task.Delay(ReconnectBackoff.Delay(++failures, options.RetryInitialDelay, options.RetryMaxDelay), time, stopping);
                }
            }
        }
    }

    private sealed record Outgoing(string Topic, ReadOnlyMemory<byte> Body)
    {
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
