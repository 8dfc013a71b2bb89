using Azure.Core;
using Azure.Core.Pipeline;

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// Counts the attempts the SDK's retry policy made for one call (a per-retry pipeline policy and an async-local count).
/// A conditional commit answered "blob exists" on a second attempt most likely met the first attempt's own commit, whose
/// answer was lost: the uploader needs to know that without being able to read the blob.
/// </summary>
internal sealed class RequestAttempts : HttpPipelineSynchronousPolicy
{
    private static readonly AsyncLocal<AttemptCount?> Count = new();

    /// <summary>Starts counting the attempts of the calls made from here on in this async flow.</summary>
    public static AttemptCount Begin()
    {
        var box = new AttemptCount();
        Count.Value = box;
        return box;
    }

    public override void OnSendingRequest(HttpMessage message) => Count.Value?.Increment();

    /// <summary>A mutable count shared with the pipeline.</summary>
    internal sealed class AttemptCount
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
