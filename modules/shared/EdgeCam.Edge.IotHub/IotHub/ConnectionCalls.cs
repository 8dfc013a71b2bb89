using EdgeCam.Edge.Mqtt;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// Calls into <see cref="IMqttConnection"/> that return when the token is cancelled even if the transport's task does
/// not (a PUBACK that will never come on a connection that died): the abandoned task's fault is observed, not leaked.
/// </summary>
internal static class ConnectionCalls
{
    public static Task PublishAsync(this MqttSession session, string topic, ReadOnlyMemory<byte> payload, MqttQos qos, CancellationToken cancellationToken) =>
        Abandonable(session.Connection.PublishAsync(topic, payload, qos, cancellationToken), cancellationToken);

    public static Task Abandonable(Task operation, CancellationToken cancellationToken)
    {
        if (operation.IsCompleted || !cancellationToken.CanBeCanceled)
        {
            return operation;
        }

        _ = operation.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return operation.WaitAsync(cancellationToken);
    }
}
