using EdgeCam.Contracts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Contracts.Triggers;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.EventRouter.Triggers;

/// <summary>
/// Sends <see cref="RecordingTrigger"/>s on output <c>trigger</c> (routed to SegmentRecorder's input <c>trigger</c>). The
/// message id derives from the camera and trigger id, so a receiver can recognise a resend.
/// </summary>
public sealed partial class TriggerSender
{
    /// <summary>Output name of triggers, as used in deployment.template.json routes.</summary>
    public const string Output = "trigger";

    private readonly IModuleClient _client;
    private readonly ILogger _logger;

    public TriggerSender(IModuleClient client, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _logger = logger;
    }

    /// <summary>Sends <paramref name="trigger"/>; throws <see cref="ArgumentException"/> naming the field when it is invalid.</summary>
    public async Task SendAsync(RecordingTrigger trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (trigger.Problem() is { } problem)
        {
            throw new ArgumentException($"trigger not sent: {problem}", nameof(trigger));
        }

        var message = ContractMessage.Create(
            trigger, ContractsJsonContext.Default.RecordingTrigger, MessageTypes.RecordingTrigger, trigger.CameraId, messageId: $"{trigger.CameraId}/{trigger.TriggerId}/{Output}");
        await _client.SendAsync(Output, message, cancellationToken);
        LogTriggerSent(trigger.TriggerId, trigger.CameraId, trigger.Source, trigger.Reason ?? string.Empty, trigger.DurationSeconds);
    }

    [LoggerMessage(20, LogLevel.Information, "Trigger {TriggerId} sent ({Source}: {Reason}): {CameraId} keeps a clip of {Seconds} s after it")]
    private partial void LogTriggerSent(string triggerId, string cameraId, string source, string reason, double seconds);
}
