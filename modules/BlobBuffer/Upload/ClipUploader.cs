using System.Threading.Channels;
using EdgeCam.BlobBuffer.Archive;
using EdgeCam.BlobBuffer.Settings;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.Contracts.Clips;
using EdgeCam.Edge.Retries;
using Microsoft.Extensions.Logging;

namespace EdgeCam.BlobBuffer.Upload;

/// <summary>
/// Uploads pending clips one at a time in the store's order (event snapshots first, then clips, each oldest first). A
/// clip leaves the store only after the target confirmed it and the confirmation callback (the <c>uploaded</c> message;
/// none for a snapshot) succeeded. Failures back off exponentially with jitter; a rejected
/// credential waits the longest backoff. Logs once per change of state, never per block or per retry.
/// </summary>
public sealed partial class ClipUploader
{
    private readonly ClipStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly FootageRateLimiter _footageRate;

    // One pending wake-up is enough: the loop drains the whole store each time it wakes.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    // A renewed credential ends a backoff (one pending signal is enough): the wait was for the old one.
    private readonly Channel<bool> _retryNow = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public ClipUploader(ClipStore store, IClipTarget target, TimeProvider timeProvider, ILogger<ClipUploader> logger)
    {
        _store = store;
        Target = target;
        _timeProvider = timeProvider;
        _logger = logger;
        _footageRate = new FootageRateLimiter(timeProvider);
    }

    /// <summary>Where clips go; replaced when a setting needs a new client (the storage service version).</summary>
    public IClipTarget Target { get; set; }

    /// <summary>Settings in force (container, block size, backoff bounds); replaced when the twin changes.</summary>
    public BlobBufferSettings Settings { get; set; } = new();

    /// <summary>Score and zones of motion events, for the blobs' index tags (none remembered by default).</summary>
    public MotionBook MotionBook { get; init; } = MotionBook.InMemory();

    /// <summary>The last failure (null after a success): what and where, never a key.</summary>
    public string? LastError { get; private set; }

    /// <summary>When the target last confirmed a clip.</summary>
    public DateTimeOffset? LastUploadAt { get; private set; }

    /// <summary>When the first of the failed attempts in a row started (null after a success): the start of an outage.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    /// <summary>Failed attempts since the last success.</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>
    /// Why nothing may be uploaded now (the twin asks for encryption that is not in force), or null. Set it, then
    /// <see cref="Wake"/> the loop; while it is set the loop uploads nothing and waits to be woken.
    /// </summary>
    public string? Hold { get; set; }

    /// <summary>Asks the loop to look at the store now (a clip arrived).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Ends the current backoff at once (a renewed credential): the next attempt uses it.</summary>
    public void RetryNow() => _retryNow.Writer.TryWrite(true);

    /// <summary>One attempt on the oldest pending clip.</summary>
    public async Task<UploadOutcome> UploadOldestAsync(Func<ClipUploaded, CancellationToken, Task> confirmed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(confirmed);
        var pending = _store.Pending();
        if (pending.Count == 0)
        {
            return UploadOutcome.Idle;
        }

        if (Hold is not null)
        {
            return UploadOutcome.Held;
        }

        var clip = pending[0];
        var settings = Settings;
        var target = Target;
        var startedAt = _timeProvider.GetUtcNow();
        if (_store.Encryptor is not null && clip.Encryption is null)
        {
            try
            {
                // Accepted before encryption was in force: encrypted now, before any of it leaves.
                clip = _store.Seal(clip);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return Failed($"encrypting buffered {clip.Kind} {clip.CameraId}/{clip.EventId} before upload failed: {ex.Message}", ex, settings, startedAt);
            }
        }

        using var staged = _store.StagedBlocksOf(clip);
        var job = new UploadJob(clip, _store.PathOf(clip), settings.Container, BlobNaming.For(clip), settings.BlockSizeBytes, TimeSpan.FromSeconds(settings.StallTimeoutSeconds), staged)
        {
            Tags = BlobIndexTags.For(clip, MotionBook.Find(clip.CameraId, clip.EventId)),
            AccessTier = settings.AccessTiers.For(clip.Kind),
            BeforeBlock = clip.Kind == BlobKinds.Footage ? (bytes, alive, ct) => PaceFootageAsync(clip, bytes, settings.FootageKbps, alive, ct) : null,
        };
        try
        {
            var receipt = await target.UploadAsync(job, cancellationToken);
            var uploadedAt = _timeProvider.GetUtcNow();
            if (!clip.IsSnapshot)
            {
                // A snapshot needs no announcement: the motion alert named its blob before it was uploaded.
                await confirmed(new ClipUploaded(clip.CameraId, clip.EventId, clip.ClipPath, receipt.Location, receipt.BlobName, receipt.SizeBytes, receipt.ContentMd5, uploadedAt) { Kind = clip.Kind }, cancellationToken);
            }

            _store.MarkUploaded(clip, receipt.Location);
            LastUploadAt = uploadedAt;
            if (LastError is not null)
            {
                LogRecovered(_logger, target.Description, ConsecutiveFailures);
            }

            LastError = null;
            FailingSince = null;
            ConsecutiveFailures = 0;
            LogUploaded(_logger, clip.CameraId, clip.EventId, receipt.Location, receipt.SizeBytes, receipt.BlocksSent);
            return UploadOutcome.Uploaded;
        }
        catch (UploadPreemptedException ex)
        {
            LogPreempted(_logger, clip.CameraId, clip.EventId, ex.Message);
            return UploadOutcome.Preempted;
        }
        catch (Exception ex) when (IsAttemptFailure(ex, cancellationToken))
        {
            return Failed($"upload of clip {clip.CameraId}/{clip.EventId} to {target.Description} failed: {ex.Message}", ex, settings, startedAt);
        }
    }

    private UploadOutcome Failed(string error, Exception failure, BlobBufferSettings settings, DateTimeOffset startedAt)
    {
        FailingSince ??= startedAt;
        ConsecutiveFailures++;
        var retryAfter = RetryDelay(failure, settings);
        if (error != LastError)
        {
            LogUploadFailed(_logger, error, retryAfter);
        }

        LastError = error;
        return UploadOutcome.Failed(retryAfter);
    }

    /// <summary>Uploads until cancelled; <paramref name="statusChanged"/> runs after each attempt.</summary>
    public async Task RunAsync(Func<ClipUploaded, CancellationToken, Task> confirmed, Func<CancellationToken, Task> statusChanged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statusChanged);
        while (!cancellationToken.IsCancellationRequested)
        {
            var outcome = await UploadOldestAsync(confirmed, cancellationToken);
            await statusChanged(cancellationToken);
            if (outcome.Kind is UploadOutcomeKind.Uploaded or UploadOutcomeKind.Preempted)
            {
                continue;
            }

            if (outcome.Kind == UploadOutcomeKind.Failed)
            {
                // A new clip does not cut a backoff short: that would hammer a failing account. A renewed credential does.
                await BackOffAsync(outcome.RetryAfter, cancellationToken);
                continue;
            }

            while (_wake.Reader.TryRead(out _))
            {
            }

            // Idle, or held: wait for a clip, or for the hold to be lifted (both wake the loop).
            if (_store.PendingCount == 0 || Hold is not null)
            {
                await _wake.Reader.WaitToReadAsync(cancellationToken);
            }
        }
    }

    private async Task BackOffAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, _timeProvider, ended.Token);
        var renewed = _retryNow.Reader.WaitToReadAsync(ended.Token).AsTask();
        await Task.WhenAny(delay, renewed);
        await ended.CancelAsync();
        await Task.WhenAll(delay, renewed).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
        while (_retryNow.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>The wait before the next attempt: exponential from retryMinSeconds with jitter, capped; the cap right away for 403.</summary>
    public TimeSpan RetryDelay(Exception failure, BlobBufferSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (failure is BlobStorageException { IsAuthenticationFailure: true })
        {
            return TimeSpan.FromSeconds(settings.RetryMaxSeconds);
        }

        // Half jitter, and never below retryMinSeconds: the first retry waits the minimum itself.
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(settings.RetryMinSeconds), TimeSpan.FromSeconds(settings.RetryMaxSeconds), BackoffJitter.Half);
        var delay = backoff.Delay(ConsecutiveFailures);
        return delay < backoff.Minimum ? backoff.Minimum : delay;
    }

    // Footage waits for its cap before each block, and stops at the block boundary when something that goes first
    // (an event clip, an export, a snapshot) is pending: the next attempt uploads that, and the footage resumes later
    // from the blocks it staged.
    private async Task PaceFootageAsync(BufferedClip footage, int bytes, int kbps, IProgress<long> alive, CancellationToken cancellationToken)
    {
        if (!await _footageRate.WaitAsync(bytes, kbps, () => OvertakerOf(footage) is not null, alive, cancellationToken))
        {
            var first = OvertakerOf(footage);
            throw new UploadPreemptedException(first is null ? "something that goes first arrived" : $"{first.Kind} {first.CameraId}/{first.EventId} goes first");
        }
    }

    private BufferedClip? OvertakerOf(BufferedClip clip) => _store.FirstAheadOf(clip.Kind);

    private static bool IsAttemptFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        BlobStorageException or HttpRequestException or IOException or InvalidDataException or UnauthorizedAccessException
            or InvalidOperationException or TimeoutException => true,
        _ => false,
    };

    [LoggerMessage(1, LogLevel.Information, "Clip {CameraId}/{EventId} uploaded to {Location} ({SizeBytes} bytes, {BlocksSent} blocks sent)")]
    private static partial void LogUploaded(ILogger logger, string cameraId, string eventId, string location, long sizeBytes, int blocksSent);

    [LoggerMessage(2, LogLevel.Error, "{Error}; the clip stays buffered, next attempt in {RetryAfter}")]
    private static partial void LogUploadFailed(ILogger logger, string error, TimeSpan retryAfter);

    [LoggerMessage(4, LogLevel.Information, "Footage {CameraId}/{EventId} paused at a block boundary: {Reason}; its staged blocks are kept for when it continues")]
    private static partial void LogPreempted(ILogger logger, string cameraId, string eventId, string reason);

    [LoggerMessage(3, LogLevel.Information, "Uploads to {Target} work again after {FailedAttempts} failed attempts")]
    private static partial void LogRecovered(ILogger logger, string target, int failedAttempts);
}

/// <summary>What one upload attempt did.</summary>
public enum UploadOutcomeKind
{
    Idle,
    Uploaded,
    Failed,

    /// <summary>Nothing may be uploaded now (<see cref="ClipUploader.Hold"/>).</summary>
    Held,

    /// <summary>A footage upload stopped at a block boundary for something that goes first.</summary>
    Preempted,
}

/// <summary>The result of <see cref="ClipUploader.UploadOldestAsync"/>.</summary>
public readonly record struct UploadOutcome(UploadOutcomeKind Kind, TimeSpan RetryAfter)
{
    public static UploadOutcome Idle => new(UploadOutcomeKind.Idle, TimeSpan.Zero);

    public static UploadOutcome Uploaded => new(UploadOutcomeKind.Uploaded, TimeSpan.Zero);

    public static UploadOutcome Preempted => new(UploadOutcomeKind.Preempted, TimeSpan.Zero);

    public static UploadOutcome Held => new(UploadOutcomeKind.Held, TimeSpan.Zero);

    public static UploadOutcome Failed(TimeSpan retryAfter) => new(UploadOutcomeKind.Failed, retryAfter);
}
