using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeCam.Agent.Systemd;

/// <summary>
/// What the systemd watchdog calls healthy: the host runs (it is not stopping) and every hosted module's service is
/// still running its module. The ping itself runs on the thread pool's timer, so a deadlocked or starved process stops
/// pinging too. A missing camera or an unreachable cloud is not unhealthy here: a restart would not fix it, and the
/// modules report it themselves (camera health, buffer health, alerts).
/// </summary>
public sealed class PipelineHealth
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IReadOnlyList<IModuleService> _modules;

    public PipelineHealth(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        _modules = [.. host.Services.GetServices<IHostedService>().OfType<IModuleService>()];
    }

    /// <summary>Null while healthy; otherwise one line saying why not.</summary>
    public string? WhyUnhealthy()
    {
        if (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return "the host is stopping";
        }

        if (_modules.Count == 0)
        {
            return "no module runs";
        }

        return _modules.FirstOrDefault(m => m.ExecuteTask is null or { IsCompleted: true }) is { } ended
            ? $"module {ended.ModuleId} is not running ({(ended.ExecuteTask is { } run ? run.Status.ToString().ToLowerInvariant() : "never started")})"
            : null;
    }
}
