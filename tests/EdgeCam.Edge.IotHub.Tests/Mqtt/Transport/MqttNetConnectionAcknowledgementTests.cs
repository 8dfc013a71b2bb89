using System.Text;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Testing.Mosquitto;

namespace EdgeCam.Edge.IotHub.Tests.Mqtt.Transport;

/// <summary>Deferred PUBACK on a persistent session (clean session off), against a real Mosquitto.</summary>
[Trait("Category", "Integration")]
public sealed class MqttNetConnectionAcknowledgementTests(SharedBroker shared) : IClassFixture<SharedBroker>
{
    private const string Topic = "edgecam/held";

    private MosquittoBroker Broker => shared.Broker;

    [Fact]
    public async Task AcknowledgeAfterHandling_NotAcknowledgedBeforeDispose_RedeliveredWithDupOnNextConnection()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        var options = Persistent("held");
        await using var publisher = await ConnectAsync(Plain("pub-held"), ct);
        var first = await ConnectAsync(options, ct);
        await first.SubscribeAsync([new MqttSubscription(Topic + "/#", MqttQos.AtLeastOnce, AcknowledgeAfterHandling: true)], ct);

        await publisher.PublishAsync(Topic + "/1", Encoding.UTF8.GetBytes("one"), MqttQos.AtLeastOnce, ct);
        var held = await first.Messages.ReadAsync(ct);
        await first.DisposeAsync();
        await held.AcknowledgeAsync(ct); // the connection that delivered it is gone: nothing is sent
        await using var second = await ConnectAsync(options, ct);
        var again = await second.Messages.ReadAsync(ct);

        Assert.True(held.AwaitsAcknowledgement);
        Assert.False(held.Duplicate);
        Assert.Equal("one", Encoding.UTF8.GetString(again.Payload.Span));
        Assert.True(again.Duplicate);
        Assert.True(again.AwaitsAcknowledgement);
    }

    [Fact]
    public async Task AcknowledgeAfterHandling_Acknowledged_NotRedeliveredOnNextConnection()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        var options = Persistent("acked");
        await using var publisher = await ConnectAsync(Plain("pub-acked"), ct);
        var first = await ConnectAsync(options, ct);
        await first.SubscribeAsync([new MqttSubscription(Topic + "/#", MqttQos.AtLeastOnce, AcknowledgeAfterHandling: true)], ct);

        await publisher.PublishAsync(Topic + "/1", Encoding.UTF8.GetBytes("one"), MqttQos.AtLeastOnce, ct);
        var handled = await first.Messages.ReadAsync(ct);
        await handled.AcknowledgeAsync(ct);
        await handled.AcknowledgeAsync(ct); // a second time does nothing
        await first.DisposeAsync();
        await publisher.PublishAsync(Topic + "/2", Encoding.UTF8.GetBytes("two"), MqttQos.AtLeastOnce, ct);
        await using var second = await ConnectAsync(options, ct);
        var next = await second.Messages.ReadAsync(ct);

        Assert.Equal("two", Encoding.UTF8.GetString(next.Payload.Span));
        Assert.False(next.Duplicate);
    }

    [Fact]
    public async Task Subscribe_WithoutAcknowledgeAfterHandling_AcknowledgedOnArrival()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        var options = Persistent("auto");
        await using var publisher = await ConnectAsync(Plain("pub-auto"), ct);
        var first = await ConnectAsync(options with { AcknowledgeAfterHandling = [] }, ct);
        await first.SubscribeAsync([new MqttSubscription(Topic + "/#", MqttQos.AtLeastOnce)], ct);

        await publisher.PublishAsync(Topic + "/1", Encoding.UTF8.GetBytes("one"), MqttQos.AtLeastOnce, ct);
        var received = await first.Messages.ReadAsync(ct);
        await first.DisposeAsync();
        await publisher.PublishAsync(Topic + "/2", Encoding.UTF8.GetBytes("two"), MqttQos.AtLeastOnce, ct);
        await using var second = await ConnectAsync(options with { AcknowledgeAfterHandling = [] }, ct);
        var next = await second.Messages.ReadAsync(ct);

        Assert.False(received.AwaitsAcknowledgement);
        Assert.Equal("two", Encoding.UTF8.GetString(next.Payload.Span));
    }

    private MqttConnectOptions Plain(string clientId) =>
        new(MosquittoBroker.Host, Broker.Port, clientId + "-" + Guid.NewGuid().ToString("N")[..6], null, null, null, TimeSpan.FromSeconds(30), CleanSession: true);

    /// <summary>One client id for both connections, clean session off, the filter acknowledged after handling from CONNACK on.</summary>
    private MqttConnectOptions Persistent(string clientId) =>
        Plain(clientId) with { CleanSession = false, AcknowledgeAfterHandling = [Topic + "/#"] };

    private static async Task<MqttNetConnection> ConnectAsync(MqttConnectOptions options, CancellationToken cancellationToken)
    {
        var connection = new MqttNetConnection();
        await connection.ConnectAsync(options, cancellationToken);
        return connection;
    }
}
