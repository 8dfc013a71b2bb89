using System.Diagnostics;
using System.Text;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Testing;
using EdgeCam.Testing.Mosquitto;

namespace EdgeCam.Edge.IotHub.Tests.Mqtt.Transport;

/// <summary>Broker shared by the tests that do not stop it.</summary>
public sealed class SharedBroker : IAsyncLifetime
{
    public MosquittoBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        RequiredTool.LibMosquitto();
        Broker = await MosquittoBroker.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

[Trait("Category", "Integration")]
public sealed class MosquittoConnectionTests(SharedBroker shared) : IClassFixture<SharedBroker>
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    private MosquittoBroker Broker => shared.Broker;

    [Fact]
    public async Task ConnectAsync_Plain_ConnectsAndDisconnectsCleanly()
    {
        using var timeout = Timeout();
        await using var connection = new MosquittoConnection();

        await connection.ConnectAsync(Plain("plain-1"), timeout.Token);
        var connected = connection.IsConnected;
        await connection.DisconnectAsync(timeout.Token);

        Assert.True(connected);
        Assert.False(connection.IsConnected);
    }

    [Theory]
    [InlineData("localhost", false)]
    [InlineData("127.0.0.1", true)]
    public async Task ConnectAsync_TlsVerifiedAgainstCa_Connects(string host, bool useCaDirectory)
    {
        using var timeout = Timeout();
        await using var connection = new MosquittoConnection();
        var tls = useCaDirectory ? new MqttTlsOptions(null, Broker.Certificates.CaDirectory) : new MqttTlsOptions(Broker.CaFile);

        await connection.ConnectAsync(Options("tls-" + useCaDirectory, host, Broker.TlsPort, tls), timeout.Token);

        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_WrongCa_ThrowsTlsError()
    {
        using var timeout = Timeout();
        await using var connection = new MosquittoConnection();

        var error = await Assert.ThrowsAsync<MqttConnectException>(() =>
            connection.ConnectAsync(Options("wrong-ca", "localhost", Broker.TlsPort, new MqttTlsOptions(Broker.Certificates.OtherCaFile)), timeout.Token));

        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
        Assert.Null(error.ConnackReturnCode);
        Assert.False(connection.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_CertificateLacksHostName_Rejected()
    {
        using var timeout = Timeout();
        await using var connection = new MosquittoConnection();

        var error = await Assert.ThrowsAsync<MqttConnectException>(() =>
            connection.ConnectAsync(Options("mismatch", "127.0.0.1", Broker.LocalhostOnlyTlsPort, new MqttTlsOptions(Broker.CaFile)), timeout.Token));

        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_ThrowsMqttConnectException()
    {
        using var timeout = Timeout();
        await using var connection = new MosquittoConnection();
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connection.ConnectAsync(Options("nobody", "127.0.0.1", port, null), timeout.Token));

        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("$iothub/twin/PATCH/properties/reported/?$rid=42")]
    [InlineData("devices/dev1/messages/events/%24.mid=msg-1&%24.ct=application%2Fjson&camera%20id=cam%201%2Fa")]
    public async Task PublishAsync_Qos1_CompletesAndSubscriberGetsExactBytes(string topic)
    {
        using var timeout = Timeout();
        await using var subscriber = await ConnectAsync(Plain("sub-" + topic.Length), timeout.Token);
        await subscriber.SubscribeAsync([new MqttSubscription("$iothub/#", MqttQos.AtLeastOnce), new MqttSubscription("devices/#", MqttQos.AtLeastOnce)], timeout.Token);
        await using var publisher = await ConnectAsync(Options("pub-" + topic.Length, "localhost", Broker.TlsPort, new MqttTlsOptions(Broker.CaFile)), timeout.Token);
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await publisher.PublishAsync(topic, payload, MqttQos.AtLeastOnce, timeout.Token);
        var received = await subscriber.Messages.ReadAsync(timeout.Token);

        Assert.Equal(topic, received.Topic);
        Assert.Equal(payload, received.Payload.ToArray());
        Assert.Equal(MqttQos.AtLeastOnce, received.Qos);
        Assert.False(received.Retain);
    }

    [Fact]
    public async Task PublishAsync_Qos0_SubscriberReceives()
    {
        using var timeout = Timeout();
        await using var connection = await ConnectAsync(Plain("qos0"), timeout.Token);
        await connection.SubscribeAsync([new MqttSubscription("edgecam/qos0", MqttQos.AtMostOnce)], timeout.Token);

        await connection.PublishAsync("edgecam/qos0", Encoding.UTF8.GetBytes("hello"), MqttQos.AtMostOnce, timeout.Token);
        var received = await connection.Messages.ReadAsync(timeout.Token);

        Assert.Equal("hello", Encoding.UTF8.GetString(received.Payload.Span));
        Assert.Equal(MqttQos.AtMostOnce, received.Qos);
    }

    [Fact]
    public async Task PublishAsync_200KbOverTls_ArrivesIntact()
    {
        using var timeout = Timeout();
        await using var connection = await ConnectAsync(Options("big", "localhost", Broker.TlsPort, new MqttTlsOptions(Broker.CaFile)), timeout.Token);
        await connection.SubscribeAsync([new MqttSubscription("edgecam/big", MqttQos.AtLeastOnce)], timeout.Token);
        var payload = new byte[200 * 1024];
        new Random(7).NextBytes(payload);

        await connection.PublishAsync("edgecam/big", payload, MqttQos.AtLeastOnce, timeout.Token);
        var received = await connection.Messages.ReadAsync(timeout.Token);

        Assert.True(payload.AsSpan().SequenceEqual(received.Payload.Span));
    }

    [Fact]
    public async Task PublishAsync_ManyQos1_AllCompleteInOrderAtSubscriber()
    {
        using var timeout = Timeout();
        await using var connection = await ConnectAsync(Plain("many"), timeout.Token);
        await connection.SubscribeAsync([new MqttSubscription("edgecam/many", MqttQos.AtLeastOnce)], timeout.Token);

        var received = new List<int>();
        var reader = Task.Run(async () =>
        {
            // Read while publishing: a reader that stops draining holds libmosquitto's thread, PUBACKs included.
            for (var i = 0; i < 500; i++)
            {
                received.Add(BitConverter.ToInt32((await connection.Messages.ReadAsync(timeout.Token)).Payload.Span));
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => connection.PublishAsync("edgecam/many", BitConverter.GetBytes(i), MqttQos.AtLeastOnce, timeout.Token)));
        await reader;

        Assert.Equal(Enumerable.Range(0, 500), received);
    }

    [Fact]
    public async Task PublishAsync_NotConnected_ThrowsConnectionLost()
    {
        await using var connection = new MosquittoConnection();

        await Assert.ThrowsAsync<MqttConnectionLostException>(() => connection.PublishAsync("t", new byte[1], MqttQos.AtLeastOnce, CancellationToken.None));
    }

    [Fact]
    public async Task DisconnectAsync_DoesNotRaiseConnectionLost()
    {
        using var timeout = Timeout();
        await using var connection = await ConnectAsync(Plain("quiet"), timeout.Token);
        var raised = 0;
        connection.ConnectionLost += (_, _) => Interlocked.Increment(ref raised);

        await connection.DisconnectAsync(timeout.Token);
        await Task.Delay(100, timeout.Token);

        Assert.Equal(0, raised);
    }

    [Fact]
    public async Task ConnectDispose_ManySequentialCycles_NoLeakOrCrash()
    {
        using var timeout = Timeout();
        var threadsBefore = Process.GetCurrentProcess().Threads.Count;

        for (var i = 0; i < 40; i++)
        {
            var connection = new MosquittoConnection();
            var tls = i % 4 == 0 ? new MqttTlsOptions(Broker.CaFile) : null;
            await connection.ConnectAsync(Options("cycle", "localhost", tls is null ? Broker.Port : Broker.TlsPort, tls), timeout.Token);
            await connection.PublishAsync("edgecam/cycle", new byte[16], MqttQos.AtLeastOnce, timeout.Token);
            if (i % 2 == 0)
            {
                await connection.DisposeAsync();
            }
            else
            {
                await connection.DisconnectAsync(timeout.Token);
                await connection.DisposeAsync();
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.InRange(Process.GetCurrentProcess().Threads.Count, 0, threadsBefore + 8);
    }

    private MqttConnectOptions Plain(string clientId) => Options(clientId, MosquittoBroker.Host, Broker.Port, null);

    private static MqttConnectOptions Options(string clientId, string host, int port, MqttTlsOptions? tls) =>
        new(host, port, clientId + "-" + Guid.NewGuid().ToString("N")[..6], null, null, tls, KeepAlive, CleanSession: true);

    private static async Task<MosquittoConnection> ConnectAsync(MqttConnectOptions options, CancellationToken cancellationToken)
    {
        var connection = new MosquittoConnection();
        await connection.ConnectAsync(options, cancellationToken);
        return connection;
    }

    private static CancellationTokenSource Timeout() => new(TimeSpan.FromSeconds(20));
}
