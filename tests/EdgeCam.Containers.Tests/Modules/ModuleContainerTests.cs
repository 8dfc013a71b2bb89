using System.Text.Json;
using EdgeCam.Testing;
using Xunit.Abstractions;

namespace EdgeCam.Containers.Tests.Modules;

/// <summary>Each module's image, built and started (see <see cref="ModuleImagesFixture"/>).</summary>
[Collection(ModuleImagesCollection.Name)]
public class ModuleContainerTests(ModuleImagesFixture images, ITestOutputHelper output)
{
    public static TheoryData<string> Modules => [.. ModuleImage.All.Select(m => m.Module)];

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task Container_Started_RunsAsAppUserNotRoot(string module)
    {
        var ids = await images.Docker.RunAsync(["exec", images.ContainerOf(module), "id", "-u", "-n"], CancellationToken.None);
        var numeric = await images.Docker.RunAsync(["exec", images.ContainerOf(module), "id"], CancellationToken.None);

        Assert.Equal("app", ids.Trim());
        Assert.StartsWith("uid=1654(app) gid=1654(app)", numeric.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task Container_Started_SharedVolumeMountPointOwnedByApp(string module)
    {
        var owner = await images.Docker.RunAsync(["exec", images.ContainerOf(module), "stat", "-c", "%u:%g %a", "/var/lib/edgecam"], CancellationToken.None);

        Assert.Equal("1654:1654 755", owner.Trim());
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task Container_NoEdgeHub_LogsIdentityThenOneCannotConnectLine(string module)
    {
        var logs = string.Empty;
        var cannotConnect = $"pi/{module}: cannot connect to {ModuleImagesFixture.EdgeHubHost}:8883";
        await Eventually.TrueAsync(
            () =>
            {
                logs = ReadLogs(module);
                return logs.Contains(cannotConnect, StringComparison.Ordinal);
            },
            $"{module} logs that it cannot reach edgeHub",
            timeoutMs: 60_000);

        Assert.Contains($"Module {module} runs as pi/{module} on {ModuleImagesFixture.EdgeHubHost}:8883", logs, StringComparison.Ordinal);
        Assert.Contains("Connection refused", logs.Split('\n').First(line => line.Contains(cannotConnect, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("cannot start", logs, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task Container_Running_HealthCheckReportsHealthy(string module)
    {
        var status = string.Empty;
        await Eventually.TrueAsync(
            () =>
            {
                status = Inspect(module, "{{json .State.Health}}");
                return status.Contains("\"Status\":\"healthy\"", StringComparison.Ordinal);
            },
            $"{module}'s HEALTHCHECK reports healthy",
            timeoutMs: 60_000);

        using var health = JsonDocument.Parse(status);
        Assert.Equal(0, health.RootElement.GetProperty("Log").EnumerateArray().Last().GetProperty("ExitCode").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task Container_HeartbeatFileGone_HealthCheckCommandFails(string module)
    {
        // The image's health check command, run against a heartbeat path that was never written.
        var healthCheck = JsonDocument.Parse(Inspect(module, "{{json .Config.Healthcheck.Test}}")).RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal("CMD", healthCheck[0]);

        var result = await images.Docker.TryRunAsync(
            ["exec", "-e", "EDGECAM_HEARTBEAT_FILE=/tmp/never-written", images.ContainerOf(module), .. healthCheck[1..]], CancellationToken.None);

        Assert.NotEqual(0, result.ExitCode);
    }

    [Theory]
    [InlineData("CameraCapture", "ffmpeg -version")]
    [InlineData("CameraCapture", "ffprobe -version")]
    [InlineData("CameraCapture", "gpiodetect --version")]
    [InlineData("CameraCapture", "/sbin/ldconfig -p | grep -q 'libgpiod.so.2 '")]
    [InlineData("SegmentRecorder", "ffmpeg -version")]
    [InlineData("SegmentRecorder", "ffprobe -version")]
    [InlineData("BlobBuffer", "dotnet --list-runtimes | grep -q 'Microsoft.AspNetCore.App 10.'")]
    [InlineData("EventRouter", "dotnet --list-runtimes | grep -q 'Microsoft.AspNetCore.App 10.'")]
    public async Task Image_NativeTool_RunsAsAppUser(string module, string command)
    {
        var result = await images.Docker.TryRunAsync(["exec", images.ContainerOf(module), "/bin/sh", "-c", command], CancellationToken.None);

        Assert.True(result.ExitCode == 0, $"'{command}' in {module} exited {result.ExitCode}: {result.StandardError.Trim()}");
    }

    [Theory]
    [InlineData("BlobBuffer")]
    [InlineData("EventRouter")]
    public async Task Image_ModuleWithoutMedia_CarriesNoFfmpeg(string module)
    {
        var result = await images.Docker.TryRunAsync(["exec", images.ContainerOf(module), "/bin/sh", "-c", "command -v ffmpeg"], CancellationToken.None);

        Assert.NotEqual(0, result.ExitCode);
        output.WriteLine($"image sizes (MB): {string.Join(", ", images.ImageSizes.Select(s => $"{s.Key} {s.Value / 1e6:F0}"))}");
        output.WriteLine(string.Join("; ", images.Timings));
    }

    private string Inspect(string module, string format) =>
        images.Docker.RunAsync(["inspect", "-f", format, images.ContainerOf(module)], CancellationToken.None).GetAwaiter().GetResult().Trim();

    private string ReadLogs(string module)
    {
        var result = images.Docker.TryRunAsync(["logs", images.ContainerOf(module)], CancellationToken.None).GetAwaiter().GetResult();
        return result.StandardOutput + result.StandardError;
    }
}
