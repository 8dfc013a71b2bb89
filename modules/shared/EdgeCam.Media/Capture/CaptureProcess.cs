using System.Diagnostics;
using System.Threading.Channels;
using EdgeCam.Media.Frames;
using EdgeCam.Media.Processes;

namespace EdgeCam.Media.Capture;

/// <summary>
/// One running ffmpeg capture process (<see cref="CaptureCommand"/>): it records segments by itself while this class
/// drains its stdout continuously into <see cref="GrayFrame"/>s on <see cref="Frames"/> and keeps its stderr tail.
/// <para>
/// A blocked stdout pipe would stall ffmpeg and with it the recording, so the drain never waits for analysis on a
/// live source: the frame queue is bounded and drops the oldest frame (counted in <see cref="FramesDropped"/>).
/// A file read as fast as possible has nothing live to lose, so there the queue waits instead and no frame is dropped.
/// </para>
/// </summary>
public sealed partial class CaptureProcess : IAsyncDisposable
{
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Channel<GrayFrame> _frames;
    private readonly StderrTail _stderr = new();
    private readonly CancellationTokenSource _drainCancellation = new();
    private ProducerPipe? _producer;
    private readonly ColourFrameReceiver? _colour;
    private int _trailingBytes;
    private long _framesRead;
    private long _framesDropped;
    private volatile bool _stopRequested;
    private int? _producerExitCode;

    private CaptureProcess(CaptureOptions options, Process process, ColourFrameReceiver? colour)
    {
        Options = options;
        _process = process;
        _colour = colour;
        var channelOptions = new BoundedChannelOptions(options.FrameQueueCapacity)
        {
            FullMode = options.Source.IsLive ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        };
        _frames = Channel.CreateBounded<GrayFrame>(channelOptions, OnFrameDropped);
        var stdout = DrainStdoutAsync(_drainCancellation.Token);
        var stderr = DrainStderrAsync();
        Completion = CompleteAsync(stdout, stderr);
    }

    /// <summary>What this process was started with.</summary>
    public CaptureOptions Options { get; }

    /// <summary>The analysis frames, in order. Dispose each frame after use. Completes when stdout ends.</summary>
    public ChannelReader<GrayFrame> Frames => _frames.Reader;

    /// <summary>
    /// The colour JPEGs (with <see cref="CaptureOptions.ColourFrames"/>; otherwise an empty, completed reader). The queue
    /// keeps the newest few when nobody reads, so ffmpeg never waits on it. Completes when ffmpeg closed that output.
    /// </summary>
    public ChannelReader<ColourFrame> ColourFrames => _colour?.Frames ?? NoColourFrames.Reader;

    private static Channel<ColourFrame> NoColourFrames { get; } = CompletedChannel();

    /// <summary>Frames read from ffmpeg so far.</summary>
    public long FramesRead => Interlocked.Read(ref _framesRead);

    /// <summary>Frames dropped so far because the consumer lagged (live sources only).</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Completes when ffmpeg has exited and its output has been drained; never faults.</summary>
    public Task<CaptureExit> Completion { get; }

    /// <summary>Starts ffmpeg for <paramref name="options"/>; creates the output directory.</summary>
    /// <exception cref="MediaToolNotFoundException">ffmpeg is not installed.</exception>
    public static CaptureProcess Start(CaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var producerTool = options.Source.Kind == CaptureSourceKind.Libcamera ? LibcameraCommand.FindTool(options.ToolSearchPath) : null;
        Directory.CreateDirectory(options.OutputDirectory);
        // The colour socket listens before ffmpeg starts: ffmpeg connects when it opens its outputs.
        var colour = options.ColourFrames ? ColourFrameReceiver.Listen(options.ColourFramesPerSecond) : null;
        if (colour is not null)
        {
            options = options with { ColourFramesUrl = colour.Url };
        }

        Process process;
        try
        {
            process = ToolProcess.Start(options.FfmpegPath, CaptureCommand.BuildArguments(options), redirectInput: true);
        }
        catch
        {
            colour?.Close(); // ffmpeg did not start: nobody will connect
            throw;
        }

        var capture = new CaptureProcess(options, process, colour);
        if (producerTool is not null)
        {
            // ffmpeg's stdin carries the video here, so it cannot also take 'q': stopping ends the producer instead.
            capture._producer = ProducerPipe.Start(producerTool, LibcameraCommand.BuildArguments(options), process.StandardInput.BaseStream);
        }

        return capture;
    }

    /// <summary>
    /// Asks ffmpeg to finish (it closes the current segment and the segment list), kills it if it does not within a
    /// few seconds, and waits for <see cref="Completion"/>.
    /// </summary>
    public async Task<CaptureExit> StopAsync(CancellationToken cancellationToken)
    {
        _stopRequested = true;
        if (!_process.HasExited)
        {
            if (_producer is not null)
            {
                // The end of the producer's stream is ffmpeg's end of input: it closes the segments and exits.
                _producer.Stop();
            }

            try
            {
                if (_producer is null)
                {
                    // 'q' on stdin is ffmpeg's own graceful quit.
                    await _process.StandardInput.WriteAsync("q".AsMemory(), cancellationToken);
                    await _process.StandardInput.FlushAsync(cancellationToken);
                }
            }
            catch (IOException)
            {
                // ffmpeg exited meanwhile and closed the pipe: nothing left to ask.
            }

            // Analysis may no longer read: let the drain discard rather than wait, so ffmpeg can flush and exit.
            await _drainCancellation.CancelAsync();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(GracefulStopTimeout);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }

        return await Completion.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Completion.IsCompleted)
        {
            using var timeout = new CancellationTokenSource(GracefulStopTimeout * 2);
            try
            {
                await StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }

        while (_frames.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }

        if (_producer is not null)
        {
            await _producer.DisposeAsync();
        }

        if (_colour is not null)
        {
            await _colour.DisposeAsync();
        }

        _drainCancellation.Dispose();
        _process.Dispose();
    }

    private static Channel<ColourFrame> CompletedChannel()
    {
        var channel = Channel.CreateBounded<ColourFrame>(1);
        channel.Writer.Complete();
        return channel;
    }

    private void OnFrameDropped(GrayFrame frame)
    {
        Interlocked.Increment(ref _framesDropped);
        frame.Dispose();
    }

    private async Task DrainStdoutAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var reader = new GrayFrameReader(_process.StandardOutput.BaseStream, Options.AnalysisFrameSize.Width, Options.AnalysisFrameSize.Height, Options.AnalysisFramesPerSecond);
        var discarding = false;
        try
        {
            while (true)
            {
                // Keep reading even after a stop request so that ffmpeg never blocks on a full pipe.
                var frame = await reader.ReadAsync(CancellationToken.None);
                if (frame is null)
                {
                    _trailingBytes = reader.TrailingBytes;
                    break;
                }

                Interlocked.Increment(ref _framesRead);
                if (discarding)
                {
                    frame.Dispose();
                    continue;
                }

                try
                {
                    await _frames.Writer.WriteAsync(frame, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    frame.Dispose();
                    discarding = true;
                }
                catch (ChannelClosedException)
                {
                    frame.Dispose();
                    discarding = true;
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke because the process died; the exit code tells why.
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    private async Task DrainStderrAsync()
    {
        await Task.Yield();
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                _stderr.Add(CaptureSource.Mask(line));
            }
        }
        catch (IOException)
        {
            // The process died; what was read so far is the tail.
        }
    }

    private async Task<CaptureExit> CompleteAsync(Task stdout, Task stderr)
    {
        await Task.WhenAll(stdout, stderr);
        await _process.WaitForExitAsync();
        // ffmpeg is gone: a colour socket it never connected to (it failed before opening its outputs) stops waiting.
        _colour?.Close();
        var exitCode = _process.ExitCode;
        if (_producer is not null)
        {
            _producer.Stop(); // ffmpeg gone: a producer still writing would block on a dead pipe.
            _producerExitCode = await _producer.Completion;
        }

        var framesRead = FramesRead;
        var (reason, error) = Classify(exitCode, framesRead);
        return new CaptureExit(reason, exitCode, error, framesRead, FramesDropped);
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
