using EdgeCam.CameraCapture.Outputs;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.CameraCapture.Tests.Outputs;

[Trait("Category", "Unit")]
public sealed class OutputSenderTests
{
    [Fact]
    public async Task EnqueueAsync_WithOnSent_RunsItAfterTheMessageWasRouted()
    {
        await using var hub = TestHub.Create(new Dictionary<string, string>());
        var client = await hub.ClientAsync("CameraCapture");
        var routedWhenCalled = -1;
        var called = new TaskCompletionSource();

        await using (var output = new OutputSender(client, NullLogger.Instance))
        {
            await output.EnqueueAsync("motion", Message("a"), () =>
            {
                routedWhenCalled = hub.Routed.Count;
                called.SetResult();
            }, CancellationToken.None);
            await called.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(1, routedWhenCalled);
    }

    [Fact]
    public async Task DisposeAsync_SendNeverCompletes_OnSentNotRun()
    {
        await using var hub = TestHub.Create(new Dictionary<string, string>());
        var client = new StallingModuleClient(await hub.ClientAsync("CameraCapture"), "motion");
        var called = false;

        await using (var output = new OutputSender(client, NullLogger.Instance))
        {
            await output.EnqueueAsync("motion", Message("a"), () => called = true, CancellationToken.None);
            await Eventually.TrueAsync(() => client.StalledCount == 1, "the send started");
        }

        Assert.False(called);
    }

    [Fact]
    public async Task EnqueueAsync_SendFails_OnSentNotRunAndLaterMessagesStillSent()
    {
        await using var hub = TestHub.Create(new Dictionary<string, string>());
        var client = await hub.ClientAsync("CameraCapture");
        var tooLarge = new ModuleMessage(new byte[ModuleMessage.MaxSizeBytes + 1]);
        var calls = new List<string>();

        await using (var output = new OutputSender(client, NullLogger.Instance))
        {
            await output.EnqueueAsync("motion", tooLarge, () => calls.Add("too large"), CancellationToken.None);
            await output.EnqueueAsync("motion", Message("b"), () => calls.Add("b"), CancellationToken.None);
        }

        Assert.Equal(["b"], calls);
    }

    private static ModuleMessage Message(string id) => new("{}"u8.ToArray()) { MessageId = id };
}
