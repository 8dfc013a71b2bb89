using EdgeCam.Agent.Hosting;
using EdgeCam.Agent.Outbox;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Agent.Tests.Outbox;

/// <summary>The outbox's drops reach EventRouter through the agent's own route and come out as one alert and one recovery.</summary>
public sealed class OutboxHealthReporterTests : IDisposable
{
    private const string Template = """
        {
          "modulesContent": {
            "$edgeAgent": { "properties.desired": { "modules": { "EventRouter": { "settings": { "image": "x" } } } } },
            "$edgeHub": { "properties.desired": { "routes": { "alertsUpstream": "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream" } } },
            "EventRouter": { "properties.desired": { "schemaVersion": "1.0" } }
          }
        }
        """;

    private readonly TempDirectory _directory = new("outbox-health");

    [Fact]
    public async Task DroppingChanged_FullThenDrained_OneOutboxDroppingAlertThenOneOutboxRecovered()
    {
        await using var outbox = Agent.Outbox.Outbox.Open(new OutboxOptions(_directory.Combine("outbox")) { MaxCount = 10 }, NullLogger<Agent.Outbox.Outbox>.Instance);
        var upstream = new RecordingUpstreamSink();
        using var host = AgentHost.Build(DeploymentTemplate.Parse(Template), new Dictionary<string, System.Text.Json.Nodes.JsonObject>(), AgentHost.ModuleSettings(_directory.Combine("data"), null), upstream, outbox: outbox);
        await host.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 25; i++)
            {
                await outbox.EnqueueAsync("EventRouter", OutboxTests.Message(i), CancellationToken.None);
            }

            await Eventually.TrueAsync(() => Kinds(upstream).Contains("outboxDropping"), "the outboxDropping alert");
            await OutboxTests.DrainAsync(outbox, 8);
            await Eventually.TrueAsync(() => Kinds(upstream).Contains("outboxRecovered"), "the outboxRecovered alert");
            for (var i = 0; i < 25; i++)
            {
                await outbox.EnqueueAsync("EventRouter", OutboxTests.Message(i), CancellationToken.None);
            }

            await Eventually.TrueAsync(() => Kinds(upstream).Count(k => k == "outboxDropping") == 2, "a second episode's alert");

            var alerts = upstream.Received.Select(r => r.Message.Read(ContractsJsonContext.Default.Alert)).Where(a => a.Kind.StartsWith("outbox", StringComparison.Ordinal)).ToList();
            Assert.Equal(["outboxDropping", "outboxRecovered", "outboxDropping"], alerts.Select(a => a.Kind));
            Assert.Equal("Agent", alerts[0].CameraId);
            Assert.EndsWith("15 messages dropped since the agent started", alerts[1].Text, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose() => _directory.Dispose();

    private static List<string> Kinds(RecordingUpstreamSink upstream) =>
        upstream.Received.Where(r => r.Message.MessageType() == Contracts.MessageTypes.Alert).Select(r => r.Message.Read(ContractsJsonContext.Default.Alert).Kind).ToList();
}
