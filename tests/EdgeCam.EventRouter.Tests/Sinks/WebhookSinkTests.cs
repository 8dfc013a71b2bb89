using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Testing;
using EdgeCam.Testing.Network;

namespace EdgeCam.EventRouter.Tests.Sinks;

public sealed class WebhookSinkTests
{
    [Fact]
    public async Task Alerts_ReceiverFailsForAWhile_EveryAlertArrivesOnceItAnswers()
    {
        await using var receiver = WebhookReceiver.Start(WebhookBehaviour.Fail);
        await using var rig = await RouterRig.StartAsync(Desired(receiver.Url), EventRouterEnvironment.None);

        await rig.MotionStartedAsync("evt-1");
        await rig.MotionStartedAsync("evt-2");
        await rig.MotionStartedAsync("evt-3");
        await Eventually.TrueAsync(() => receiver.Requests.Count >= 3, "the receiver refused a few attempts");
        receiver.Behaviour = WebhookBehaviour.Answer;
        await Eventually.TrueAsync(() => receiver.Requests.Count(r => r.Status == 200) >= 3, "all three alerts were answered 200");

        var answered = receiver.Requests.Where(r => r.Status == 200).ToList();
        Assert.Equal(["cam1:evt-1:motion", "cam1:evt-2:motion", "cam1:evt-3:motion"], answered.Select(r => r.IdempotencyKey));
        Assert.All(answered, r => Assert.Equal(r.IdempotencyKey, JsonSerializer.Deserialize(r.Body, ContractsJsonContext.Default.Alert)!.AlertId));
        Assert.Contains(receiver.Requests, r => r.Status == 503 && r.IdempotencyKey == "cam1:evt-1:motion");
    }

    [Fact]
    public async Task Alert_TokenInEnvironment_PostsJsonWithBearerAndIdempotencyKey()
    {
        await using var receiver = WebhookReceiver.Start(WebhookBehaviour.Answer);
        await using var rig = await RouterRig.StartAsync(Desired(receiver.Url), EventRouterEnvironment.None with { WebhookToken = "s3cret" });

        await rig.MotionStartedAsync("evt-1");
        await Eventually.TrueAsync(() => receiver.Requests.Count == 1, "one POST arrived");

        var request = receiver.Requests[0];
        Assert.Equal("Bearer s3cret", request.Authorization);
        Assert.Equal("cam1:evt-1:motion", request.IdempotencyKey);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
    }

    private static JsonObject Desired(string url) => new()
    {
        ["webhook"] = new JsonObject { ["enabled"] = true, ["url"] = url, ["retryMinSeconds"] = 0.1, ["retryMaxSeconds"] = 1 },
    };
}
