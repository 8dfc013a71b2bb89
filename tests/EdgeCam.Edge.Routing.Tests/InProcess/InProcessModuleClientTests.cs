using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Logging;

namespace EdgeCam.Edge.Routing.Tests.InProcess;

public sealed class InProcessModuleClientTests : IDisposable
{
    private readonly RecordingUpstreamSink _upstream = new();
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task OpenAsync_DesiredHandler_GetsFullDocumentWithVersion()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        var updates = new List<DesiredPropertiesUpdate>();
        camera.SetDesiredPropertiesHandler((u, _) => { updates.Add(u); return Task.CompletedTask; });

        await camera.OpenAsync(default);

        var update = Assert.Single(updates);
        Assert.True(update.IsFullDocument);
        Assert.Equal(1, update.Version);
        Assert.Equal(25, (int)update.Properties["motion"]!["threshold"]!);
    }

    [Fact]
    public async Task UpdateDesiredPropertiesAsync_OpenModule_MergesBumpsVersionAndDeliversPatch()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        var updates = new List<DesiredPropertiesUpdate>();
        camera.SetDesiredPropertiesHandler((u, _) => { updates.Add(u); return Task.CompletedTask; });
        await camera.OpenAsync(default);

        await hub.UpdateDesiredPropertiesAsync("CameraCapture", new JsonObject { ["motion"] = new JsonObject { ["minArea"] = 40 } }, default);

        var patch = updates[^1];
        Assert.False(patch.IsFullDocument);
        Assert.Equal(2, patch.Version);
        Assert.Equal("""{"motion":{"minArea":40},"$version":2}""", patch.Properties.ToJsonString());
        Assert.Equal("""{"motion":{"threshold":25,"minArea":40},"$version":2}""", hub.GetDesiredProperties("CameraCapture").ToJsonString());
    }

    [Fact]
    public async Task UpdateDesiredPropertiesAsync_BeforeOpen_IsInTheFullDocumentAtOpen()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        var updates = new List<DesiredPropertiesUpdate>();
        camera.SetDesiredPropertiesHandler((u, _) => { updates.Add(u); return Task.CompletedTask; });
        await hub.UpdateDesiredPropertiesAsync("CameraCapture", new JsonObject { ["motion"] = null }, default);

        await camera.OpenAsync(default);

        var update = Assert.Single(updates);
        Assert.True(update.IsFullDocument);
        Assert.Equal("""{"$version":2}""", update.Properties.ToJsonString());
    }

    [Fact]
    public async Task UpdateReportedPropertiesAsync_Patches_MergeDeleteAndBumpVersion()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);

        await camera.UpdateReportedPropertiesAsync(new JsonObject { ["status"] = new JsonObject { ["ir"] = "day", ["fps"] = 10 } }, default);
        await camera.UpdateReportedPropertiesAsync(new JsonObject { ["status"] = new JsonObject { ["ir"] = null } }, default);

        var twin = await camera.GetTwinAsync(default);
        Assert.Equal("""{"$version":3,"status":{"fps":10}}""", twin.Reported.ToJsonString());
        Assert.Equal(3, twin.ReportedVersion);
        Assert.Equal(twin.Reported.ToJsonString(), hub.GetReportedProperties("CameraCapture").ToJsonString());
    }

    [Fact]
    public async Task GetReportedProperties_NumberReportedFromInt32_ReadsAsAnyIntegerTypeAsOnTheWire()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);

        await camera.UpdateReportedPropertiesAsync(new JsonObject { ["pending"] = 3 }, default);

        var reported = hub.GetReportedProperties("CameraCapture");
        Assert.Equal(3L, reported["pending"]!.GetValue<long>());
        Assert.Equal(3, reported["pending"]!.GetValue<int>());
        Assert.Equal(3.0, reported["pending"]!.GetValue<double>());
    }

    [Fact]
    public async Task UpdateReportedPropertiesAsync_BeyondTwinSectionLimit_Throws()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            camera.UpdateReportedPropertiesAsync(new JsonObject { ["big"] = new string('x', 40_000) }, default));

        Assert.Contains("32768 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeMethodAsync_KnownMethod_ReturnsHandlerResponse()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        camera.SetMethodHandler("snapshot", (request, _) => Task.FromResult(MethodResponse.Json(200, $$"""{"echo":{{request.PayloadText}}}""")));
        await camera.OpenAsync(default);

        var response = await hub.InvokeMethodAsync("CameraCapture", "snapshot", """{"w":640}""", default);

        Assert.Equal(200, response.Status);
        Assert.Equal("""{"echo":{"w":640}}""", response.PayloadText);
    }

    [Theory]
    [InlineData("CameraCapture", "reboot", "module 'CameraCapture' has no method 'reboot'")]
    [InlineData("Ghost", "snapshot", "module 'Ghost' is not part of this deployment")]
    [InlineData("EventRouter", "snapshot", "module 'EventRouter' is not connected")]
    public async Task InvokeMethodAsync_UnknownMethodOrModule_Returns404WithReason(string moduleId, string method, string reason)
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        camera.SetMethodHandler("snapshot", (_, _) => Task.FromResult(MethodResponse.Json(200, "{}")));
        await camera.OpenAsync(default);

        var response = await hub.InvokeMethodAsync(moduleId, method, "{}", default);

        Assert.Equal(404, response.Status);
        Assert.Equal(reason, JsonNode.Parse(response.PayloadText)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeMethodAsync_HandlerThrows_Returns500WithReasonAndLogs()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        camera.SetMethodHandler("snapshot", (_, _) => throw new IOException("camera busy"));
        await camera.OpenAsync(default);

        var response = await hub.InvokeMethodAsync("CameraCapture", "snapshot", "{}", default);

        Assert.Equal(500, response.Status);
        Assert.Contains("camera busy", JsonNode.Parse(response.PayloadText)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(_logs.Entries, e => e.EventId == 107);
    }

    [Fact]
    public async Task SetInputHandler_SameInputTwice_Throws()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var router = await hub.CreateAsync("EventRouter", default);
        router.SetInputHandler("motion", (_, _) => Task.CompletedTask);

        Assert.Throws<InvalidOperationException>(() => router.SetInputHandler("motion", (_, _) => Task.CompletedTask));
    }

    [Fact]
    public async Task OpenAsync_DesiredHandlerThrows_LogsAndStillStartsInputs()
    {
        await using var hub = HubFixture.Create(_upstream, _logs);
        await using var camera = await hub.CreateAsync("CameraCapture", default);
        await using var router = await hub.CreateAsync("EventRouter", default);
        var received = 0;
        router.SetDesiredPropertiesHandler((_, _) => throw new InvalidOperationException("bad handler"));
        router.SetInputHandler("motion", (_, _) => { Interlocked.Increment(ref received); return Task.CompletedTask; });

        await router.OpenAsync(default);
        await camera.SendAsync("motion", HubFixture.Message("m"), default);

        await Eventually.TrueAsync(() => Volatile.Read(ref received) == 1, "the input still works");
        Assert.Single(_logs.Entries, e => e.EventId == 108);
    }
}
