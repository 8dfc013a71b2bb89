using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Outbox;

/// <summary>
/// Drains the <see cref="Outbox"/> to IoT Hub in order, one message at a time: the send completes at PUBACK (waiting
/// through reconnects), then the record is committed. A message IoT Hub can never take (too large) is committed and
/// logged instead of blocking the ones behind it; any other failure is retried after a pause.
/// </summary>
public sealed partial class OutboxSender(Outbox outbox, IModuleClient client, TimeProvider timeProvider, ILogger<OutboxSender> logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Messages sent since start.</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    private long _sent;

    /// <summary>Sends until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        bool failing = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var entry = await outbox.PeekAsync(cancellationToken);
            try
            {
                await client.SendAsync(IotHubModuleClient.TelemetryOutput, entry.Message, cancellationToken);
                Interlocked.Increment(ref _sent);
                if (failing)
                {
                    failing = false;
                    LogRecovered(logger, outbox.Count);
                }
            }
            catch (MessageTooLargeException ex)
            {
                LogUnsendable(logger, entry.Message.MessageId, entry.FromModuleId, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not a property of the message: keep it and try again (IoT Hub away, client closing and reopening).
                if (!failing)
                {
                    failing = true;
                    LogFailing(logger, ex.Message, RetryDelay);
                }

                await Task.Delay(RetryDelay, timeProvider, cancellationToken);
                continue;
            }

            await outbox.AcknowledgeAsync(entry.Sequence, cancellationToken);
        }
    }

    [LoggerMessage(511, LogLevel.Error, "Outbox: message {MessageId} from {ModuleId} can never be sent ({Reason}); dropped")]
    private static partial void LogUnsendable(ILogger logger, string? messageId, string moduleId, string reason);

    [LoggerMessage(512, LogLevel.Warning, "Outbox: sending to IoT Hub failed ({Reason}); retrying every {Delay}, messages stay on disk")]
    private static partial void LogFailing(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(513, LogLevel.Information, "Outbox: sending to IoT Hub again ({Count} waiting)")]
    private static partial void LogRecovered(ILogger logger, int count);
}
