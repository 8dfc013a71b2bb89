using System.Text;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Testing;
using EdgeCam.Testing.IotHub;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Mosquitto;
using Microsoft.Extensions.Logging;
using static EdgeCam.Edge.IotHub.Tests.IotHub.IotHubTestClient;

namespace EdgeCam.Edge.IotHub.Tests.IotHub;

[Trait("Category", "Integration")]
public sealed class IotHubModuleClientTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task Open_DeliversTheFullDesiredSectionOnce_ThenPatchesAndIgnoresOldVersions()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, Json("""{"threshold":25}"""), CancellationToken.None);
        await using var client = Create(broker, _logs);
        var updates = client.RecordDesired();

        await client.OpenAsync(CancellationToken.None);
        long v3 = await hub.PatchDesiredAsync(Json("""{"threshold":40}"""), CancellationToken.None);
        await Eventually.TrueAsync(() => updates.Count == 2, "the patch arrived");
        await hub.PublishAsync("$iothub/twin/PATCH/properties/desired/?$version=2", """{"threshold":1,"$version":2}""", MqttQos.AtMostOnce, CancellationToken.None);
        await hub.PublishAsync("$iothub/twin/res/abc/?$rid=1", string.Empty, MqttQos.AtMostOnce, CancellationToken.None);
        await Eventually.TrueAsync(() => _logs.Entries.Any(e => e.EventId == 306), "the unexpected topic was logged");

        var list = updates.ToList();
        Assert.Equal(2, list.Count);
        Assert.True(list[0].IsFullDocument);
        Assert.Equal((2L, 25), (list[0].Version, list[0].Properties["threshold"]!.GetValue<int>()));
        Assert.False(list[1].IsFullDocument);
        Assert.Equal((v3, 40), (list[1].Version, list[1].Properties["threshold"]!.GetValue<int>()));
        Assert.Single(_logs.Entries, e => e.EventId == 306);
    }

    [Fact]
    public async Task ReportedPatch_ReachesTheHub_AndLimitsAreCheckedBeforeSending()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await using var client = Create(broker, _logs);
        await client.OpenAsync(CancellationToken.None);

        await client.UpdateReportedPropertiesAsync(Json("""{"status":{"camera":"ok"},"version":"1.2"}"""), CancellationToken.None);
        var twin = await client.GetTwinAsync(CancellationToken.None);

        Assert.Equal("ok", hub.Reported["status"]!["camera"]!.GetValue<string>());
        Assert.Equal(2L, twin.ReportedVersion);
        var big = Json("{}");
        big["note"] = new string('x', 5000);
        var ex = await Assert.ThrowsAsync<IotHubLimitExceededException>(() => client.UpdateReportedPropertiesAsync(big, CancellationToken.None));
        Assert.Contains("'reported.note'", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<MessageTooLargeException>(() => client.SendAsync("out", new ModuleMessage(new byte[300 * 1024]), CancellationToken.None));
    }

    [Fact]
    public async Task Methods_AnsweredWithStatus_UnknownIs404_InvalidJsonIs400_ThrowingIs500_BusyModuleStillAnswers()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await using var client = Create(broker, _logs);
        var release = new TaskCompletionSource();
        client.SetMethodHandler("snapshot", (request, _) => Task.FromResult(MethodResponse.Json(200, """{"url":"snap.jpg"}""")));
        client.SetMethodHandler("slow", async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return MethodResponse.Json(200, "{}");
        });
        client.SetMethodHandler("broken", (_, _) => throw new InvalidOperationException("camera unplugged"));
        client.SetInputHandler("control", async (_, ct) => await release.Task.WaitAsync(ct));
        await client.OpenAsync(CancellationToken.None);
        await hub.SendToInputAsync("dev1", "camera", "control", new ModuleMessage(Encoding.UTF8.GetBytes("{}")), CancellationToken.None);

        var slow = hub.InvokeMethodAsync("slow", "{}", Wait, CancellationToken.None);
        var ok = await hub.InvokeMethodAsync("snapshot", """{"quality":80}""", Wait, CancellationToken.None);
        var unknown = await hub.InvokeMethodAsync("reboot", "{}", Wait, CancellationToken.None);
        var invalid = await hub.InvokeMethodAsync("snapshot", "{not json", Wait, CancellationToken.None);
        var broken = await hub.InvokeMethodAsync("broken", string.Empty, Wait, CancellationToken.None);
        release.SetResult();

        Assert.Equal((200, """{"url":"snap.jpg"}"""), ok);
        Assert.Equal(404, unknown.Status);
        Assert.Contains("no method 'reboot'", Reason(unknown.Payload), StringComparison.Ordinal);
        Assert.Equal(400, invalid.Status);
        Assert.Contains("not valid JSON", Reason(invalid.Payload), StringComparison.Ordinal);
        Assert.Equal(500, broken.Status);
        Assert.Contains("camera unplugged", Reason(broken.Payload), StringComparison.Ordinal);
        Assert.Equal(200, (await slow).Status);
    }

    [Fact]
    public async Task Input_DeliversMessageWithPropertiesToItsHandler()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await using var client = Create(broker, _logs);
        var received = new TaskCompletionSource<ModuleMessage>();
        client.SetInputHandler("control", (message, _) =>
        {
            received.TrySetResult(message);
            return Task.CompletedTask;
        });
        await client.OpenAsync(CancellationToken.None);

        await hub.SendToInputAsync("dev1", "camera", "control", new ModuleMessage(Encoding.UTF8.GetBytes("arm"))
        {
            MessageId = "in-1",
            Properties = new Dictionary<string, string> { ["cmd"] = "arm now/please" },
        }, CancellationToken.None);
        var message = await received.Task.WaitAsync(Wait);

        Assert.Equal(("in-1", "arm", "arm now/please", "sender"), (message.MessageId, message.BodyText, message.Properties["cmd"], message.ConnectionModuleId));
    }

    [Fact]
    public async Task Open_TwinThrottledThenServerError_RetriedUntil200()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, Json("""{"a":1}"""), CancellationToken.None);
        await using var client = Create(broker, _logs);
        var updates = client.RecordDesired();
        hub.FailNextTwinRequests(429, 503);

        await client.OpenAsync(CancellationToken.None);

        Assert.Equal(3, hub.TwinGets);
        Assert.Single(updates);
        Assert.Equal([429, 503], _logs.Entries.Where(e => e.EventId == 307).Select(e => e.Message.Contains("429", StringComparison.Ordinal) ? 429 : 503));
    }

    [Fact]
    public async Task Open_MalformedTwin_ThrowsAClearError()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await using var client = Create(broker, _logs);
        hub.AnswerNextTwinGetWith("""{"desired":[1,2],"reported":{}}""");

        var ex = await Assert.ThrowsAsync<IotHubProtocolException>(() => client.OpenAsync(CancellationToken.None));

        Assert.Equal("dev1/camera: the 'desired' section of the twin is a Array, not an object", ex.Message);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    private static string Reason(string payload) => Json(payload)["message"]!.GetValue<string>();
}
