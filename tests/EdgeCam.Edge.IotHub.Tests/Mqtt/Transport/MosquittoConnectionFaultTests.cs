using EdgeCam.Edge.Mqtt;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Testing;
using EdgeCam.Testing.Mosquitto;

namespace EdgeCam.Edge.IotHub.Tests.Mqtt.Transport;

/// <summary>Tests that stop their broker or need a special one.</summary>
[Trait("Category", "Integration")]
public sealed class MosquittoConnectionFaultTests
{
    [Fact]
    public async Task BrokerStopped_MidStream_RaisesConnectionLostFailsPendingAndReconnectsAfterRestart()
    {
        RequiredTool.LibMosquitto();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await using var broker = await MosquittoBroker.StartAsync(ct);
        await using var connection = new MosquittoConnection();
        var options = new MqttConnectOptions(MosquittoBroker.Host, broker.Port, "fault-1", null, null, null, TimeSpan.FromSeconds(30), CleanSession: true);
        await connection.ConnectAsync(options, ct);
        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionLost += (_, e) => lost.TrySetResult(e.Reason);

        await connection.PublishAsync("edgecam/fault", new byte[1024], MqttQos.AtLeastOnce, ct);
        await broker.PauseAsync(ct);
        var publishes = Enumerable.Range(0, 50).Select(_ => connection.PublishAsync("edgecam/fault", new byte[1024], MqttQos.AtLeastOnce, ct)).ToList();
        await Task.Delay(100, ct);
        var pendingBeforeStop = publishes.Count(p => !p.IsCompleted);
        await broker.StopAsync(ct);

        var reason = await lost.Task.WaitAsync(ct);
        var outcomes = await Task.WhenAll(publishes.Select(async p =>
        {
            try
            {
                await p;
                return null;
            }
            catch (MqttConnectionLostException ex)
            {
                return ex;
            }
        })).WaitAsync(ct);
        await broker.RestartAsync(ct);
        await connection.ConnectAsync(options, ct);
        await connection.PublishAsync("edgecam/fault", new byte[8], MqttQos.AtLeastOnce, ct);

        Assert.False(string.IsNullOrEmpty(reason));
        Assert.Equal(50, pendingBeforeStop);
        Assert.All(outcomes, o => Assert.NotNull(o));
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_WrongPassword_ThrowsConnack5AuthenticationFailure()
    {
        RequiredTool.LibMosquitto();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var users = new Dictionary<string, string> { ["dev1"] = "right-password" };
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions(AllowAnonymous: false, Users: users), timeout.Token);
        await using var connection = new MosquittoConnection();
        var options = new MqttConnectOptions(MosquittoBroker.Host, broker.Port, "auth-1", "dev1", "SharedAccessSignature sr=x&sig=secret", null, TimeSpan.FromSeconds(30), true);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connection.ConnectAsync(options, timeout.Token));
        await connection.ConnectAsync(options with { Password = "right-password" }, timeout.Token);

        Assert.Equal(5, error.ConnackReturnCode);
        Assert.True(error.IsAuthenticationFailure);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.True(connection.IsConnected);
    }
}
