using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace EdgeCam.Edge.Tests.Hosting;

public class EdgeModuleDefaultsTests
{
    [Fact]
    public void AddEdgeModuleDefaults_Builder_RegistersClockShutdownAndSingleLineUtcConsole()
    {
        var builder = Host.CreateApplicationBuilder();

        builder.AddEdgeModuleDefaults();

        using var host = builder.Build();
        Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
        Assert.Equal(EdgeModuleDefaults.ShutdownTimeout, host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        var console = host.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;
        Assert.True(console.SingleLine);
        Assert.True(console.UseUtcTimestamp);
        Assert.Single(host.Services.GetServices<Microsoft.Extensions.Logging.ILoggerProvider>());
    }
}
