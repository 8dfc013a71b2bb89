using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeCam.Testing;

namespace EdgeCam.Agent.Tests.Doctor;

/// <summary><c>dotnet edgecam-agent.dll doctor</c> as a real process on a temporary volume.</summary>
public class AgentDoctorProcessTests
{
    private static readonly string[] Names = ["clock", "disk", "volume", "storage", "storage-endpoint", "iothub", "camera"];

    [Fact]
    public async Task Doctor_EverythingPresentAndListening_PrintsOkLinePerCheckAndExitsZero()
    {
        using var data = new TempDirectory();
        var camera = Path.Combine(data.Path, "video0");
        await File.WriteAllTextAsync(camera, "");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;

            var (code, lines, error) = await RunAsync(
                "--data", data.Path, "--camera", camera, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--connection-string", $"HostName=127.0.0.1;DeviceId=cam1;SharedAccessKey={Convert.ToBase64String(new byte[32])}",
                "--storage", $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
                "--min-free-mb", "0");

            Assert.True(code == 0, $"exit {code}: {string.Join(" | ", lines)} {error}");
            Assert.Equal(Names, lines.Select(l => l[5..l.IndexOf(':', StringComparison.Ordinal)]).ToArray());
            Assert.All(lines, l => Assert.True(l.StartsWith("ok   ", StringComparison.Ordinal) || l.StartsWith("warn ", StringComparison.Ordinal), l));
            Assert.Empty(Directory.GetFiles(data.Path, ".doctor-*"));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Doctor_MissingCameraAndClosedPorts_PrintsFailLinesAndExitsOne()
    {
        using var data = new TempDirectory();
        var closed = ClosedPort();
        var camera = Path.Combine(data.Path, "video9");

        var (code, lines, _) = await RunAsync(
            "--data", data.Path, "--camera", camera, "--port", closed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--connection-string", $"HostName=127.0.0.1;DeviceId=cam1;SharedAccessKey={Convert.ToBase64String(new byte[32])}",
            "--storage", $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;",
            "--min-free-mb", "0");

        Assert.Equal(1, code);
        Assert.Equal(Names.Length, lines.Length);
        Assert.StartsWith("ok   disk: ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"FAIL storage-endpoint: 127.0.0.1:{closed} refused", lines[4], StringComparison.Ordinal);
        Assert.StartsWith($"FAIL iothub: 127.0.0.1:{closed} refused", lines[5], StringComparison.Ordinal);
        Assert.StartsWith($"FAIL camera: {camera} is missing", lines[6], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NightVision_ChecksTheTemplatesSettingsWithTheCachedDeviceTwinOverThem()
    {
        // The template has no night-vision hardware; the device twin cached by a previous run adds a sensor and two lines.
        // This machine has no GPIO chip and no /dev/i2c-7: both hardware checks fail, each in one line.
        using var data = new TempDirectory();
        await File.WriteAllTextAsync(
            Path.Combine(data.Path, "device-twin.json"),
            """{"CameraCapture":{"nightVision":{"sensor":"bh1750","sensorBus":7,"gpioChip":"pinctrl-bcm2711","irCutLine":26,"irLedLine":19}}}""");

        var (code, lines, error) = await RunAsync(
            "--data", data.Path, "--min-free-mb", "0", "--night-vision", "--template", Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json"));

        Assert.True(code == 1, $"exit {code}: {string.Join(" | ", lines)} {error}");
        Assert.Equal(["clock", "disk", "volume", "night-vision", "gpio-lines", "light-sensor"], lines.Select(l => l[5..l.IndexOf(':', StringComparison.Ordinal)]).ToArray());
        Assert.Equal("ok   night-vision: mode auto, light from a BH1750 at 0x23 on I2C bus 7, IR-cut line 26, IR LED line 19 on pinctrl-bcm2711.", lines[3]);
        Assert.StartsWith("FAIL gpio-lines: GPIO chip 'pinctrl-bcm2711'", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("FAIL light-sensor: /dev/i2c-7 is missing; enable I2C on the host", lines[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NightVisionWithoutATemplate_OneFailLineSayingToPassIt()
    {
        using var data = new TempDirectory();
        var missing = Path.Combine(data.Path, "absent.json");

        var (code, lines, _) = await RunAsync("--data", data.Path, "--min-free-mb", "0", "--night-vision", "--template", missing);

        Assert.Equal(1, code);
        var line = Assert.Single(lines, l => l.Contains("night-vision:", StringComparison.Ordinal));
        Assert.StartsWith("FAIL night-vision: ", line, StringComparison.Ordinal);
        Assert.Contains(missing, line, StringComparison.Ordinal);
        Assert.EndsWith("; pass --template with the deployment the agent runs", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_UnknownOption_ExitsTwoWithOneLine()
    {
        var (code, lines, error) = await RunAsync("--frobnicate");

        Assert.Equal(2, code);
        Assert.Empty(lines);
        Assert.Equal("error: unknown option '--frobnicate'. Try: edgecam-agent doctor --help", error.Trim());
    }

    private static async Task<(int Code, string[] Lines, string Error)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "edgecam-agent.dll"), "doctor", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        // The storage and identity come from the arguments only, whatever the test runner's environment holds.
        info.Environment.Remove("EDGECAM_STORAGE_CONNECTION_STRING");
        info.Environment.Remove("EDGECAM_STORAGE_SAS_URL");
        info.Environment.Remove("EDGECAM_DEVICE_CONNECTION_STRING");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet edgecam-agent.dll doctor did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries), await error);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
