using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace EdgeCam.Testing.Network;

/// <summary>
/// Two hosts on one machine for a test that must cross a network: two network namespaces made by the test, joined by
/// a veth pair (the client at 10.77.0.1, the camera at 10.77.0.2), with multicast routed over that link. A process runs
/// on either side through <c>ip netns exec</c>. Nothing a test sends there reaches the machine's own interfaces, so
/// WS-Discovery multicast can be tested for real. Needs root and iproute2 (device/install-deps.sh --tests).
/// </summary>
public sealed class NamespacePair : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);
    private static int s_count;

    private NamespacePair(string id)
    {
        ClientNamespace = $"ec{id}c";
        CameraNamespace = $"ec{id}m";
    }

    /// <summary>The client side's namespace.</summary>
    public string ClientNamespace { get; }

    /// <summary>The camera side's namespace.</summary>
    public string CameraNamespace { get; }

    /// <summary>The client's address on the link.</summary>
    public IPAddress ClientAddress { get; } = IPAddress.Parse("10.77.0.1");

    /// <summary>The camera's address on the link.</summary>
    public IPAddress CameraAddress { get; } = IPAddress.Parse("10.77.0.2");

    /// <summary>Makes both namespaces and the link; throws one line naming the command that failed.</summary>
    public static NamespacePair Create()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            throw new InvalidOperationException($"network namespaces need Linux and root; this test runs as {Environment.UserName} on {Environment.OSVersion}");
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId % 100000}x{Interlocked.Increment(ref s_count)}");
        var pair = new NamespacePair(id);
        var client = pair.ClientNamespace;
        var camera = pair.CameraNamespace;
        string vethClient = $"ev{id}c", vethCamera = $"ev{id}m";
        try
        {
            Ip("netns", "add", client);
            Ip("netns", "add", camera);
            Ip("link", "add", vethClient, "type", "veth", "peer", "name", vethCamera);
            Ip("link", "set", vethClient, "netns", client);
            Ip("link", "set", vethCamera, "netns", camera);
            foreach (var (ns, veth, address) in new[] { (client, vethClient, pair.ClientAddress), (camera, vethCamera, pair.CameraAddress) })
            {
                Ip("-n", ns, "addr", "add", $"{address}/24", "dev", veth);
                Ip("-n", ns, "link", "set", "lo", "up");
                Ip("-n", ns, "link", "set", veth, "up");
                Ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", veth);
            }

            return pair;
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    /// <summary>How to start <paramref name="fileName"/> with <paramref name="arguments"/> on the client side.</summary>
    public ProcessStartInfo InClient(string fileName, params string[] arguments) => In(ClientNamespace, fileName, arguments);

    /// <summary>How to start <paramref name="fileName"/> with <paramref name="arguments"/> on the camera side.</summary>
    public ProcessStartInfo InCamera(string fileName, params string[] arguments) => In(CameraNamespace, fileName, arguments);

    /// <summary>Ends every process left in either namespace, then removes both (the veth pair goes with them).</summary>
    public void Dispose()
    {
        foreach (var ns in new[] { ClientNamespace, CameraNamespace })
        {
            var (code, pids) = Run("ip", "netns", "pids", ns);
            if (code == 0)
            {
                foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Run("kill", "-9", pid);
                }
            }

            Run("ip", "netns", "del", ns);
        }
    }

    private static ProcessStartInfo In(string ns, string fileName, string[] arguments)
    {
        var info = new ProcessStartInfo(RequiredTool.OnPath("ip", "iproute2")) { UseShellExecute = false };
        foreach (var argument in (string[])["netns", "exec", ns, fileName, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        // A proxy from the machine's environment would take the test's HTTP off the link.
        foreach (var proxy in (string[])["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"])
        {
            info.Environment.Remove(proxy);
        }

        return info;
    }

    private static void Ip(params string[] arguments)
    {
        var (code, output) = Run("ip", arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed (exit {code}): {output.Trim()}");
        }
    }

    private static (int Code, string Output) Run(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{fileName} did not finish within {CommandTimeout.TotalSeconds} s");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
