using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeCam.Testing.Azurite;

/// <summary>
/// A real Azurite blob service for one test (or fixture): started with node on a free loopback port and a temporary
/// data location, stopped (process killed, data deleted) on dispose. Fails the test with an install hint when Azurite
/// or node is missing.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, documented by Microsoft; not a secret).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly TempDirectory _location;
    private readonly StringBuilder _output;

    private AzuriteServer(Process process, TempDirectory location, StringBuilder output, int port)
    {
        _process = process;
        _location = location;
        _output = output;
        Port = port;
    }

    /// <summary>The blob port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The account name.</summary>
    public string AccountName { get; } = DevelopmentAccountName;

    /// <summary>The account key.</summary>
    public string AccountKey { get; } = DevelopmentAccountKey;

    /// <summary>The path-style blob endpoint, e.g. <c>http://127.0.0.1:port/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{Port}/{DevelopmentAccountName}");

    /// <summary>A connection string for this server.</summary>
    public string ConnectionString => ConnectionStringWithKey(AccountKey);

    /// <summary>A connection string for this server with another key (to test rejected credentials).</summary>
    public string ConnectionStringWithKey(string accountKey) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={accountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>Starts Azurite and returns once its port answers.</summary>
    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken)
    {
        var script = RequiredTool.AzuriteBlob();
        var node = RequiredTool.OnPath("node", "nodejs");
        for (var attempt = 1; ; attempt++)
        {
            var location = new TempDirectory("azurite");
            var port = FreePort();
            var output = new StringBuilder();
            var process = Launch(node, script, port, location.Path, output);
            try
            {
                await WaitUntilListeningAsync(process, port, cancellationToken);
                return new AzuriteServer(process, location, output, port);
            }
            catch (Exception) when (attempt < 3 && process.HasExited)
            {
                // Lost the race for the free port to another process: take another one.
                process.Dispose();
                location.Dispose();
            }
            catch
            {
                Kill(process);
                location.Dispose();
                throw;
            }
        }
    }

    /// <summary>What Azurite printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _location.Dispose();
    }

    private static Process Launch(string node, string script, int port, string location, StringBuilder output)
    {
        var info = new ProcessStartInfo(node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", location, "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                if (output.Length < 64 * 1024)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilListeningAsync(Process process, int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening on port {port}.");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new InvalidOperationException($"Azurite did not listen on port {port} within {StartTimeout.TotalSeconds} s.", ex);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
