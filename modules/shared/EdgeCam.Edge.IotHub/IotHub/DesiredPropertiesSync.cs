using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// Hands desired properties to the module as the in-process hub does: the full section after each connect, then
/// patches in order. Tracks the applied <c>$version</c>: a patch at or below it is ignored, a patch that skips a
/// version (one was missed) makes it fetch the full twin instead. Handler calls never overlap.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The SemaphoreSlim never allocates a wait handle (no AvailableWaitHandle use); nothing to release.")]
internal sealed class DesiredPropertiesSync
{
    private readonly Channel<(ReadOnlyMemory<byte> Body, long? TopicVersion)> _patches =
        // DropOldest: a dropped patch shows up as a version gap, which triggers a full GET, so nothing is lost.
        Channel.CreateBounded<(ReadOnlyMemory<byte>, long?)>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TwinRequests _twin;
    private readonly string _identity;
    private readonly ILogger _logger;
    private const long NoneApplied = -1;
    private long _applied = NoneApplied;

    public DesiredPropertiesSync(TwinRequests twin, string identity, ILogger logger)
    {
        _twin = twin;
        _identity = identity;
        _logger = logger;
    }

    public DesiredPropertiesHandler? Handler { get; set; }

    /// <summary>The <c>$version</c> last handed to the module, or null before the first full document.</summary>
    public long? AppliedVersion => Interlocked.Read(ref _applied) is var v && v != NoneApplied ? v : null;

    /// <summary>Queues a patch from the receive loop (never blocks it).</summary>
    public void Enqueue(ReadOnlyMemory<byte> body, long? topicVersion) => _patches.Writer.TryWrite((body, topicVersion));

    /// <summary>Fetches the full twin and delivers its desired section unless that version is already applied.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var twin = await _twin.GetAsync(cancellationToken);
            if (Interlocked.Read(ref _applied) != twin.DesiredVersion)
            {
                await DeliverAsync(new DesiredPropertiesUpdate(twin.Desired, IsFullDocument: true), cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies queued patches until stopped.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        await foreach (var (body, topicVersion) in _patches.Reader.ReadAllAsync(stopping))
        {
            if (Parse(body) is not { } patch)
            {
                continue;
            }

            long version = TwinVersion.Of(patch) is > 0 and var v ? v : topicVersion ?? 0;
            bool gap;
            await _gate.WaitAsync(stopping);
            try
            {
                // Before the first full document, or at/below what is applied: the full GET covers it.
                if (AppliedVersion is not { } applied || version <= applied)
                {
                    continue;
                }

                gap = version > applied + 1;
                if (!gap)
                {
                    await DeliverAsync(new DesiredPropertiesUpdate(patch, IsFullDocument: false), stopping);
                }
            }
            finally
            {
                _gate.Release();
            }

            if (gap)
            {
                IotHubLog.DesiredGap(_logger, _identity, version);
                await RefreshSafelyAsync(stopping);
            }
        }
    }

    /// <summary>A full refresh whose failure is logged, not thrown (after a reconnect, or on a version gap).</summary>
    public async Task RefreshSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            IotHubLog.TwinRefreshFailed(_logger, _identity, ex);
        }
    }

    private async Task DeliverAsync(DesiredPropertiesUpdate update, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _applied, update.Version);
        if (Handler is not { } handler)
        {
            return;
        }

        try
        {
            await handler(update, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The module's bug: the version counts as applied, as with the in-process hub, and the client carries on.
            IotHubLog.DesiredHandlerFailed(_logger, _identity, update.Version, ex);
        }
    }

    private JsonObject? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            if (JsonNode.Parse(body.Span) is JsonObject patch)
            {
                return patch;
            }

            IotHubLog.MalformedDesiredPatch(_logger, _identity, "not an object");
        }
        catch (JsonException ex)
        {
            IotHubLog.MalformedDesiredPatch(_logger, _identity, ex.Message);
        }

        return null;
    }
}
