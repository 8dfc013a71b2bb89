using System.Diagnostics;
using EdgeCam.Testing.Mosquitto;

namespace EdgeCam.Edge.IotHub.Tests.Mqtt.Transport;

/// <summary>The broker fixture itself, checked with mosquitto_pub (an independent client).</summary>
[Trait("Category", "Integration")]
public sealed class MosquittoBrokerTests
{
    [Fact]
    public async Task StartAsync_PlainAndTlsListeners_AcceptMosquittoPub()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        await using var broker = await MosquittoBroker.StartAsync(ct);

        var plain = await PubAsync(["-h", MosquittoBroker.Host, "-p", $"{broker.Port}", "-t", "t/plain", "-m", "x", "-q", "1"], ct);
        var tls = await PubAsync(["-h", "localhost", "-p", $"{broker.TlsPort}", "--cafile", broker.CaFile, "-t", "t/tls", "-m", "x", "-q", "1"], ct);
        var mismatch = await PubAsync(["-h", "127.0.0.1", "-p", $"{broker.LocalhostOnlyTlsPort}", "--cafile", broker.CaFile, "-t", "t/tls", "-m", "x"], ct);

        Assert.True(plain.ExitCode == 0, plain.Output + broker.Log);
        Assert.True(tls.ExitCode == 0, tls.Output + broker.Log);
        Assert.NotEqual(0, mismatch.ExitCode);
    }

    [Fact]
    public async Task RestartAsync_AfterStop_ListensOnSamePorts()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        await using var broker = await MosquittoBroker.StartAsync(ct);

        await broker.StopAsync(ct);
        var whileStopped = await PubAsync(["-h", MosquittoBroker.Host, "-p", $"{broker.Port}", "-t", "t", "-m", "x"], ct);
        await broker.RestartAsync(ct);
        var afterRestart = await PubAsync(["-h", MosquittoBroker.Host, "-p", $"{broker.Port}", "-t", "t", "-m", "x", "-i", "after-restart"], ct);

        Assert.NotEqual(0, whileStopped.ExitCode);
        Assert.True(afterRestart.ExitCode == 0, afterRestart.Output + broker.Log);
        await broker.WaitForLogAsync("after-restart", TimeSpan.FromSeconds(5), ct);
    }

    [Fact]
    public async Task StartAsync_WithUsers_RefusesWrongPassword()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        var users = new Dictionary<string, string> { ["dev1"] = "right" };
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions(AllowAnonymous: false, Users: users), ct);

        var right = await PubAsync(["-h", MosquittoBroker.Host, "-p", $"{broker.Port}", "-u", "dev1", "-P", "right", "-t", "t", "-m", "x"], ct);
        var wrong = await PubAsync(["-h", MosquittoBroker.Host, "-p", $"{broker.Port}", "-u", "dev1", "-P", "wrong", "-t", "t", "-m", "x"], ct);

        Assert.True(right.ExitCode == 0, right.Output + broker.Log);
        Assert.NotEqual(0, wrong.ExitCode);
    }

    private static async Task<(int ExitCode, string Output)> PubAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(EdgeCam.Testing.RequiredTool.MosquittoPub())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, stdout + await output);
    }
}
