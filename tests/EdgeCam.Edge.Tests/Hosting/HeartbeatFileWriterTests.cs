using System.Globalization;
using EdgeCam.Edge.Hosting;
using EdgeCam.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Edge.Tests.Hosting;

public class HeartbeatFileWriterTests
{
    [Fact]
    public async Task ExecuteAsync_EveryInterval_RewritesFileWithCurrentTime()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "heartbeat");
        var start = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var time = new ManualTimeProvider(start);
        using var writer = new HeartbeatFileWriter(path, time, NullLogger<HeartbeatFileWriter>.Instance);

        await writer.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => ReadTime(path) == start, "the first heartbeat is written at start");
        time.Advance(HeartbeatFileWriter.Interval);
        await Eventually.TrueAsync(() => ReadTime(path) == start + HeartbeatFileWriter.Interval, "the next heartbeat is written one interval later");
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void AddEdgeModuleDefaults_HeartbeatVariableSet_RegistersWriter()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[HeartbeatFileWriter.Variable] = "/tmp/edgecam.heartbeat";

        builder.AddEdgeModuleDefaults();

        using var host = builder.Build();
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<HeartbeatFileWriter>());
    }

    [Fact]
    public void AddEdgeModuleDefaults_HeartbeatVariableUnset_RegistersNoWriter()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[HeartbeatFileWriter.Variable] = null;

        builder.AddEdgeModuleDefaults();

        using var host = builder.Build();
        Assert.Empty(host.Services.GetServices<IHostedService>().OfType<HeartbeatFileWriter>());
    }

    private static DateTimeOffset? ReadTime(string path)
    {
        try
        {
            return DateTimeOffset.Parse(File.ReadAllText(path), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            return null;
        }
    }
}
