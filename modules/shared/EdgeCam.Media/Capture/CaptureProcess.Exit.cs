namespace EdgeCam.Media.Capture;

/// <summary>How a capture process's end is classified and explained in one line (credentials masked).</summary>
public sealed partial class CaptureProcess
{
    private (CaptureExitReason Reason, string? Error) Classify(int exitCode, long framesRead)
    {
        var source = Options.Source;
        if (_stopRequested)
        {
            return (CaptureExitReason.Stopped, null);
        }

        if (_trailingBytes > 0)
        {
            // Raw frames have no framing: a short last frame means the size on the pipe is not the size asked for.
            var (width, height) = Options.AnalysisFrameSize;
            return (CaptureExitReason.Interrupted, $"Capture of '{source.DisplayName}': the analysis stream ended inside a frame ({_trailingBytes} of {width * height} bytes for {width}x{height} gray); the frame size on the pipe does not match (ffmpeg exit {exitCode}).");
        }

        if (exitCode == 0 && framesRead > 0 && _producerExitCode is null or 0)
        {
            return (CaptureExitReason.EndOfStream, null);
        }

        if (framesRead == 0)
        {
            return (CaptureExitReason.SourceUnavailable, $"Cannot open {source.Kind.ToString().ToLowerInvariant()} source '{source.DisplayName}': {ProducerFailure() ?? OpenFailureReason()}");
        }

        if (ProducerFailure() is { } producerFailure)
        {
            return (CaptureExitReason.Interrupted, $"Capture of '{source.DisplayName}' stopped unexpectedly: {producerFailure}");
        }

        return (CaptureExitReason.Interrupted, $"Capture of '{source.DisplayName}' stopped unexpectedly (ffmpeg exit {exitCode}): {Summary()}");
    }

    // ffmpeg states an open failure as "<url>: <reason>"; keep only the reason, since the message names the source.
    private string OpenFailureReason()
    {
        var last = _stderr.LastLine;
        if (last is null)
        {
            return "ffmpeg produced no video and no error.";
        }

        var prefix = Options.Source.DisplayName + ": ";
        return last.StartsWith(prefix, StringComparison.Ordinal) ? last[prefix.Length..] : last;
    }

    // A producer that failed explains more than ffmpeg's "invalid data" on the truncated stream it got.
    private string? ProducerFailure()
    {
        if (_producer is null || _producerExitCode is null or 0)
        {
            return null;
        }

        var detail = _producer.ErrorSummary;
        return $"{_producer.Tool} exited with code {_producerExitCode}" + (detail.Length == 0 ? "." : $": {detail}");
    }

    private string Summary()
    {
        var summary = _stderr.Summary();
        return summary.Length == 0 ? "no error output" : summary;
    }
}
