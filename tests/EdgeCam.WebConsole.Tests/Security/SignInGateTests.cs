using EdgeCam.WebConsole.Security;

namespace EdgeCam.WebConsole.Tests.Security;

public sealed class SignInGateTests
{
    [Fact]
    public async Task TryEnterAsync_WhileAnotherAttemptHoldsIt_ReturnsNullAfterTheQueueWait()
    {
        using var gate = new SignInGate(TimeSpan.Zero);
        using var first = await gate.TryEnterAsync(CancellationToken.None);

        var second = await gate.TryEnterAsync(CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
    }

    [Fact]
    public async Task TryEnterAsync_AfterTheAttemptBeforeLeft_Enters()
    {
        using var gate = new SignInGate(TimeSpan.Zero);
        var first = await gate.TryEnterAsync(CancellationToken.None);
        first!.Dispose();
        first.Dispose();

        using var second = await gate.TryEnterAsync(CancellationToken.None);
        using var third = await gate.TryEnterAsync(CancellationToken.None);

        Assert.NotNull(second);
        Assert.Null(third);
    }
}
