using EdgeCam.Edge.Mqtt;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// One connected MQTT connection and the token that ends with it: work tied to the connection (a publish waiting
/// for PUBACK, a twin request waiting for its answer) watches <see cref="Ended"/> and retries on the next session.
/// </summary>
internal sealed class MqttSession : IAsyncDisposable
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _ended = new();
    private readonly TaskCompletionSource<string> _endReason = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MqttSession(IMqttConnection connection, long number, DateTimeOffset connectedAt)
    {
        Connection = connection;
        Number = number;
        ConnectedAt = connectedAt;
        connection.ConnectionLost += (_, e) => End(e.Reason);
    }

    public IMqttConnection Connection { get; }

    /// <summary>1 for the first connection, then counting reconnects.</summary>
    public long Number { get; }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>Cancelled when the session ends.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Completes with the reason when the session ends.</summary>
    public Task<string> Completion => _endReason.Task;

    public bool IsAlive => !_ended.IsCancellationRequested;

    /// <summary>Marks the session ended (idempotent): the first reason wins.</summary>
    public void End(string reason)
    {
        if (_endReason.TrySetResult(reason))
        {
            try
            {
                _ended.Cancel();
            }
            catch (AggregateException)
            {
                // A callback registered on Ended threw; the session is ended either way.
            }
        }
    }

    /// <summary>Ends the session, says goodbye to the broker if it still listens, and releases the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        bool wasAlive = IsAlive;
        End("closed");
        if (wasAlive && Connection.IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Connection.DisconnectAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is MqttConnectException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
            {
                // The connection is going away regardless; a failed DISCONNECT changes nothing.
            }
        }

        // Bounded and off this thread: a transport that blocks releasing a dead connection must not stop the reconnect
        // or the close.
        var released = Task.Run(async () => await Connection.DisposeAsync());
        try
        {
            await released.WaitAsync(ReleaseTimeout);
        }
        catch (TimeoutException)
        {
            _ = released.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        // _ended is deliberately not disposed: a request that took this session just before it was retired still reads
        // Ended (and finds it cancelled, so it asks again on the next session). A source without a timer holds nothing
        // that needs releasing; disposing it made that read throw ObjectDisposedException out of OpenAsync.
    }
}
