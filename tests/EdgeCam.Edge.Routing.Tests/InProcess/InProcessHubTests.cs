using System.Collections.Concurrent;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Logging;

namespace EdgeCam.Edge.Routing.Tests.InProcess;

public sealed class InProcessHubTests : IDisposable
{
    private readonly RecordingUpstreamSink _upstream = new();
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task SendAsync_RoutedToInput_DeliversInOrderWithSenderOutputAndMessageId()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        await using var router = await hub.CreateAsync("EventRouter", default);
        var received = new ConcurrentQueue<ModuleMessage>();
        router.SetInputHandler("motion", (m, _) => { received.Enqueue(m); return Task.CompletedTask; });
        await router.OpenAsync(default);

        for (int i = 0; i < 300; i++)
        {
            await camera.SendAsync("motion", HubFixture.Message($"{i}"), default);
        }

        await Eventually.TrueAsync(() => received.Count == 300, "all 300 messages arrived");
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"{i}"), received.Select(m => m.BodyText));
        Assert.All(received, m => Assert.Equal(("CameraCapture", "motion"), (m.ConnectionModuleId, m.OutputName)));
        Assert.All(received, m => Assert.False(string.IsNullOrEmpty(m.MessageId)));
    }

    [Fact]
    public async Task SendAsync_WithMessageId_KeepsIt()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var router = await hub.CreateAsync("EventRouter", default);

        await router.SendAsync("alerts", HubFixture.Message("{}") with { MessageId = "alert-1" }, default);

        Assert.Equal("alert-1", Assert.Single(_upstream.Received).Message.MessageId);
    }

    [Fact]
    public async Task SendAsync_BeforeReceiverOpens_HoldsMessageAndCompletesOnceHandled()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        var send = camera.SendAsync("motion", HubFixture.Message("early"), default);
        await using var router = await hub.CreateAsync("EventRouter", default);
        var received = new ConcurrentQueue<string>();
        router.SetInputHandler("motion", (m, _) => { received.Enqueue(m.BodyText); return Task.CompletedTask; });
        await Task.Delay(50);
        Assert.Empty(received);
        Assert.False(send.IsCompleted, "a send is acknowledged only once the receiver handled the message");

        await router.OpenAsync(default);

        await send.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("early", Assert.Single(received));
    }

    [Fact]
    public async Task SendAsync_HandlerStillRunning_CompletesOnlyAfterTheHandlerReturned()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        await using var router = await hub.CreateAsync("EventRouter", default);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        router.SetInputHandler("motion", async (_, ct) => { entered.TrySetResult(); await release.Task.WaitAsync(ct); });
        await router.OpenAsync(default);

        var send = camera.SendAsync("motion", HubFixture.Message("m"), default);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.False(send.IsCompleted, "the handler has not returned yet");

        release.SetResult();
        await send.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SendAsync_ReceiverOpenWithoutHandlerForTheInput_CompletesAtOnce()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        await using var router = await hub.CreateAsync("EventRouter", default);
        await router.OpenAsync(default);

        await camera.SendAsync("motion", HubFixture.Message("nobody takes it"), default).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SendAsync_HandlerDoesNotTakeIt_FailsWithInputClosedAndTheInputGoesOn()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        await using var router = await hub.CreateAsync("EventRouter", default);
        var taken = new ConcurrentQueue<string>();
        router.SetInputHandler("motion", (m, _) => m.BodyText == "refused"
            ? throw new MessageNotTakenException("stopping")
            : Task.Run(() => taken.Enqueue(m.BodyText), CancellationToken.None));
        await router.OpenAsync(default);

        await Assert.ThrowsAsync<InputClosedException>(() => camera.SendAsync("motion", HubFixture.Message("refused"), default).WaitAsync(TimeSpan.FromSeconds(5)));
        await camera.SendAsync("motion", HubFixture.Message("next"), default).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["next"], taken);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId == 101);
    }

    [Fact]
    public async Task SendAsync_ReceiverClosesWithoutHandlingIt_FailsWithInputClosed()
    {
        var hub = HubFixture.Create(_upstream, _logs, new InProcessHubOptions { DrainTimeout = TimeSpan.FromMilliseconds(200) });
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        var router = await hub.CreateAsync("EventRouter", default);
        router.SetInputHandler("motion", (_, ct) => Task.Delay(Timeout.Infinite, ct));
        await router.OpenAsync(default);
        var stuck = camera.SendAsync("motion", HubFixture.Message("being handled"), default);
        var queued = camera.SendAsync("motion", HubFixture.Message("queued behind it"), default);

        await hub.DisposeAsync();

        await Assert.ThrowsAsync<InputClosedException>(() => stuck.WaitAsync(TimeSpan.FromSeconds(5)));
        var error = await Assert.ThrowsAsync<InputClosedException>(() => queued.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("EventRouter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputHandler_Throws_LogsOnceWithMessageIdAndKeepsPumping()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        await using var router = await hub.CreateAsync("EventRouter", default);
        var received = new ConcurrentQueue<string>();
        router.SetInputHandler("motion", (m, _) => m.BodyText == "bad"
            ? throw new InvalidOperationException("boom")
            : Task.Run(() => received.Enqueue(m.BodyText), CancellationToken.None));
        await router.OpenAsync(default);

        // A handler that threw counts as handled (as a module under IoT Edge acknowledges it): the send completes.
        await camera.SendAsync("motion", HubFixture.Message("bad") with { MessageId = "mid-bad" }, default).WaitAsync(TimeSpan.FromSeconds(5));
        await camera.SendAsync("motion", HubFixture.Message("good"), default);

        await Eventually.TrueAsync(() => received.Count == 1, "the message after the failure arrived");
        var error = Assert.Single(_logs.Entries, e => e.EventId == 101);
        Assert.Contains("EventRouter input motion", error.Message, StringComparison.Ordinal);
        Assert.Contains("mid-bad", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_UpstreamRoute_ReachesUpstreamSink()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var router = await hub.CreateAsync("EventRouter", default);

        await router.SendAsync("alerts", HubFixture.Message("""{"kind":"motion"}"""), default);

        var (from, message) = Assert.Single(_upstream.Received);
        Assert.Equal("EventRouter", from);
        Assert.Equal("""{"kind":"motion"}""", message.BodyText);
        Assert.Equal("alerts", message.OutputName);
    }

    [Fact]
    public async Task SendAsync_BiggerThanLimit_ThrowsAndDeliversNothing()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var router = await hub.CreateAsync("EventRouter", default);
        var message = new ModuleMessage(new byte[ModuleMessage.MaxSizeBytes]) { MessageId = "x" };

        var ex = await Assert.ThrowsAsync<MessageTooLargeException>(() => router.SendAsync("alerts", message, default));

        Assert.Equal(ModuleMessage.MaxSizeBytes + 1, ex.SizeBytes);
        Assert.Contains("more than the 262144 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_upstream.Received);
    }

    [Fact]
    public async Task SendAsync_RouteToUnknownModule_CountsEachAndLogsOncePerRoute()
    {
        var routes = new[] { ("toGhost", "FROM /messages/modules/CameraCapture/* INTO BrokeredEndpoint(\"/modules/Ghost/inputs/in\")") };
        await using var hub = HubFixture.Create(_upstream, _logs, routes: routes);
        await using var camera = await hub.CreateAsync("CameraCapture", default);

        await camera.SendAsync("motion", HubFixture.Message("1"), default);
        await camera.SendAsync("motion", HubFixture.Message("2"), default);

        Assert.Equal(2, hub.UndeliverableMessageCount);
        var warning = Assert.Single(_logs.Entries, e => e.EventId == 103);
        Assert.Contains("Route toGhost sends to module Ghost", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageRouted_EveryMessage_IsObservedWithItsSinks()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        var observed = new List<RoutedMessage>();
        hub.MessageRouted += (_, routed) => observed.Add(routed);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        await using var router = await hub.CreateAsync("EventRouter", default);
        await router.OpenAsync(default);

        await camera.SendAsync("motion", HubFixture.Message("m"), default);
        await camera.SendAsync("health", HubFixture.Message("h"), default);

        Assert.Equal(2, observed.Count);
        Assert.Equal([new ModuleInputSink("EventRouter", "motion")], observed[0].Sinks);
        Assert.Empty(observed[1].Sinks);
        Assert.Equal("health", observed[1].OutputName);
    }

    [Fact]
    public async Task SendAsync_InputFull_WaitsInsteadOfDropping()
    {
        await using var hub = HubFixture.Create(_upstream, _logs, new InProcessHubOptions { InputCapacity = 2 });
        await using var camera = await hub.CreateAsync("CameraCapture", default);

        var first = camera.SendAsync("motion", HubFixture.Message("1"), default);
        var second = camera.SendAsync("motion", HubFixture.Message("2"), default);
        var third = camera.SendAsync("motion", HubFixture.Message("3"), default);
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        await using var router = await hub.CreateAsync("EventRouter", default);
        var received = new ConcurrentQueue<string>();
        router.SetInputHandler("motion", (m, _) => { received.Enqueue(m.BodyText); return Task.CompletedTask; });
        await router.OpenAsync(default);

        await Task.WhenAll(first, second, third).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["1", "2", "3"], received);
        Assert.Single(_logs.Entries, e => e.EventId == 102);
    }

    [Fact]
    public async Task DisposeAsync_QueuedMessages_AreHandledBeforeItReturns()
    {
        var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        var router = await hub.CreateAsync("EventRouter", default);
        var handled = 0;
        router.SetInputHandler("motion", async (_, ct) => { await Task.Delay(5, ct); Interlocked.Increment(ref handled); });
        await router.OpenAsync(default);
        for (int i = 0; i < 20; i++)
        {
            await camera.SendAsync("motion", HubFixture.Message("m"), default);
        }

        await hub.DisposeAsync();

        Assert.Equal(20, handled);
    }

    [Fact]
    public async Task CreateAsync_SecondClientForSameModule_Throws()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var first = await hub.CreateAsync("CameraCapture", default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => hub.CreateAsync("CameraCapture", default));
    }

    [Fact]
    public async Task FromTemplate_CameraMotion_ReachesRouterInput()
    {
        var template = EdgeCam.Edge.Deployment.DeploymentTemplate.Parse(Deployment.DeploymentTemplateTests.Template);
        await using var hub = InProcessHub.FromTemplate(template, _upstream, TimeProvider.System, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        await using var router = await hub.CreateAsync("EventRouter", default);
        var received = new ConcurrentQueue<string>();
        router.SetInputHandler("motion", (m, _) => { received.Enqueue(m.BodyText); return Task.CompletedTask; });
        await router.OpenAsync(default);
        // The template also routes motion to SegmentRecorder: open, with no handler, it does not hold the send.
        await using var recorder = await hub.CreateAsync("SegmentRecorder", default);
        await recorder.OpenAsync(default);

        await camera.SendAsync("motion", HubFixture.Message("from template"), default).WaitAsync(TimeSpan.FromSeconds(5));

        await Eventually.TrueAsync(() => received.Count == 1, "the message arrived");
        Assert.Equal(25, (int)hub.GetDesiredProperties("CameraCapture")["motion"]!["threshold"]!);
    }
}
