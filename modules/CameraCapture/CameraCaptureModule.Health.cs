using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.Outputs;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.CameraCapture;

/// <summary>How the module reports a capture state change: one log line, a <c>cameraHealth</c> message, the reported <c>capture</c> property.</summary>
public sealed partial class CameraCaptureModule
{
    private const double Megabyte = 1024.0 * 1024.0;

    // A full volume: reports waitingForSpace once, polls free space until capture has room, then the caller starts a new
    // session. False when cancelled meanwhile (settings change or shutdown), after reporting stopped.
    private async Task<bool> WaitForSpaceAsync(IModuleClient client, OutputSender output, CameraCaptureSettings settings, string? failure, CancellationToken cancellationToken)
    {
        var free = _space.FreeBytes();
        var room = free is { } bytes ? FormattableString.Invariant($"{bytes / Megabyte:0.0} MB free") : "free space unreadable";
        var why = failure is null ? $"The shared volume is full ({room})" : $"{failure} ({room})";
        var error = FormattableString.Invariant($"{why}; capture resumes by itself when {_space.ResumeFreeBytes / Megabyte:0.#} MB are free.");
        await PublishAsync(client, output, settings, CaptureState.WaitingForSpace, error, CancellationToken.None);
        try
        {
            await _space.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            await PublishAsync(client, output, settings, CaptureState.Stopped, null, CancellationToken.None);
            return false;
        }
    }

    private async Task PublishAsync(IModuleClient client, OutputSender output, CameraCaptureSettings settings, CaptureState state, string? error, CancellationToken cancellationToken)
    {
        _state = state;
        var source = settings.CaptureSource.DisplayName;
        var (analysed, dropped) = _counters.Read();
        if (error is null)
        {
            LogState(settings.CameraId, state, source);
        }
        else
        {
            LogStateWithError(settings.CameraId, state, source, error);
        }

        var health = new CameraHealth(settings.CameraId, state, source, analysed, dropped, _timeProvider.GetUtcNow(), error);
        var message = ContractMessage.Create(health, ContractsJsonContext.Default.CameraHealth, MessageTypes.CameraHealth, settings.CameraId, Guid.NewGuid().ToString("N"));
        await output.EnqueueAsync(HealthOutput, message, cancellationToken);
        var reported = new JsonObject
        {
            ["capture"] = new JsonObject
            {
                ["cameraId"] = settings.CameraId,
                ["state"] = JsonNamingPolicyCamel(state),
                ["source"] = source,
                ["framesAnalysed"] = analysed,
                ["framesDropped"] = dropped,
                ["error"] = error,
                ["freeBytes"] = state == CaptureState.WaitingForSpace ? _space.FreeBytes() : null,
                ["resumeAtFreeBytes"] = state == CaptureState.WaitingForSpace ? _space.ResumeFreeBytes : null,
            },
        };
        await client.UpdateReportedPropertiesAsync(reported, cancellationToken);
    }

    // A confirmed tamper change (Tamper/TamperWatch): a tamperHealth message on the health output.
    private static async Task SendTamperAsync(OutputSender output, TamperHealth change, CancellationToken cancellationToken)
    {
        var message = ContractMessage.Create(change, ContractsJsonContext.Default.TamperHealth, MessageTypes.TamperHealth, change.CameraId, Guid.NewGuid().ToString("N"));
        await output.EnqueueAsync(HealthOutput, message, cancellationToken);
    }

    private static string JsonNamingPolicyCamel(CaptureState state) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(state.ToString());
}
