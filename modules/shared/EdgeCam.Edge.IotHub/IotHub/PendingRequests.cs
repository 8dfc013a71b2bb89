using System.Collections.Concurrent;
using System.Globalization;

namespace EdgeCam.Edge.IotHub;

/// <summary>Twin requests waiting for their answer, by <c>$rid</c>.</summary>
internal sealed class PendingRequests
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TwinResponse>> _pending = new(StringComparer.Ordinal);
    private long _next;

    /// <summary>Registers a new request id and the task its answer completes.</summary>
    public (string RequestId, Task<TwinResponse> Answer) Register()
    {
        var rid = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<TwinResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[rid] = answer;
        return (rid, answer.Task);
    }

    /// <summary>Hands an answer to its request; false when no request waits for <paramref name="requestId"/>.</summary>
    public bool Complete(string requestId, TwinResponse response) =>
        _pending.TryRemove(requestId, out var answer) && answer.TrySetResult(response);

    public void Forget(string requestId) => _pending.TryRemove(requestId, out _);
}

/// <summary>A twin response: status, <c>$version</c> when the topic carries one, and the body.</summary>
internal sealed record TwinResponse(int Status, long? Version, ReadOnlyMemory<byte> Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public bool IsRetryable => Status == 429 || Status >= 500;
}
