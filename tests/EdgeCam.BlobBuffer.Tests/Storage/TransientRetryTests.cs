using System.Net;
using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.BlobBuffer.Tests.Storage;

[Trait("Category", "Unit")]
public sealed class TransientRetryTests
{
    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, 3)]
    [InlineData(HttpStatusCode.InternalServerError, 3)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 3)]
    [InlineData(HttpStatusCode.Forbidden, 1)]
    [InlineData(HttpStatusCode.BadRequest, 1)]
    [InlineData(HttpStatusCode.Conflict, 1)]
    public async Task ExecuteAsync_FailingStatus_RetriesOnlyTransient(HttpStatusCode status, int expectedAttempts)
    {
        var retry = new TransientRetry(TimeProvider.System, maxAttempts: 3, baseDelay: TimeSpan.FromMilliseconds(1), maxDelay: TimeSpan.FromMilliseconds(2));
        var attempts = 0;

        await Assert.ThrowsAsync<BlobStorageException>(() => retry.ExecuteAsync<int>(
            _ =>
            {
                attempts++;
                throw new BlobStorageException("Put Block", "acct", status, "Code", null);
            },
            CancellationToken.None));

        Assert.Equal(expectedAttempts, attempts);
    }

    [Fact]
    public async Task ExecuteAsync_NetworkErrorThenSuccess_ReturnsResult()
    {
        var retry = new TransientRetry(TimeProvider.System, maxAttempts: 3, baseDelay: TimeSpan.FromMilliseconds(1));
        var attempts = 0;

        var result = await retry.ExecuteAsync(
            _ => ++attempts == 1 ? throw new HttpRequestException("connection refused") : Task.FromResult(42),
            CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public void DelayBefore_GrowingAttempts_StaysUnderCap()
    {
        var retry = new TransientRetry(TimeProvider.System, baseDelay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(4));

        Assert.InRange(retry.DelayBefore(2), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(retry.DelayBefore(10), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
    }
}
