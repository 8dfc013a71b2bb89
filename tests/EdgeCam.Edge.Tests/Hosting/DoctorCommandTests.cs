using EdgeCam.Edge.Diagnostics;
using EdgeCam.Edge.Hosting;
using EdgeCam.Testing;
using Microsoft.Extensions.Configuration;

namespace EdgeCam.Edge.Tests.Hosting;

public class DoctorCommandTests
{
    [Theory]
    [InlineData(new[] { "doctor" }, true)]
    [InlineData(new[] { "doctor", "/dev/video0" }, true)]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--doctor" }, false)]
    public void IsRequested_Args_TrueOnlyForDoctorFirst(string[] args, bool expected)
    {
        Assert.Equal(expected, DoctorCommand.IsRequested(args));
    }

    [Fact]
    public void CommonChecks_WithoutGateway_ClockDiskVolumeOnly()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [SharedVolumeSetting.Variable] = "/tmp" }).Build();

        var checks = DoctorCommand.CommonChecks(configuration, TimeProvider.System);

        Assert.Equal(["clock", "disk", "volume"], checks.Select(c => c.Name).ToArray());
    }

    [Fact]
    public async Task RunAsync_GatewayNotListeningOnVolume_PrintsEdgeHubFailAndExitsOne()
    {
        using var dir = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SharedVolumeSetting.Variable] = dir.Path,
            [DoctorCommand.GatewayHostVariable] = "127.0.0.1",
        }).Build();
        var output = new StringWriter();

        var code = await DoctorCommand.RunAsync(configuration, [], output, CancellationToken.None);

        // Nothing listens on 127.0.0.1:8883 here; the edgeHub line is the failure.
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, code);
        Assert.Equal(4, lines.Length);
        Assert.Contains($"volume: {dir.Path} is writable.", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("FAIL edgehub: 127.0.0.1:8883 refused", lines[3], StringComparison.Ordinal);
    }
}
