using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EdgeCam.Media.Processes;

namespace EdgeCam.DevKit.Storage;

/// <summary>
/// Microsoft's Azure Storage emulator (npm <c>azurite</c>, installed by device/install-deps.sh into device/tools): the
/// stand-in for Azure Blob Storage when there is no account. Runs the blob service with node on a free loopback port,
/// returns once the port answers, drains its output (keeping the last lines for error messages) and kills the process
/// tree on dispose. Used by the agent's demo and by the tests, so both talk the real Blob REST protocol
/// with Shared Key or SAS (<see cref="AzuriteSas"/>).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The relative path of the blob service script under a tools directory.</summary>
    public static readonly string BlobScriptRelativePath = Path.Combine("node_modules", "azurite", "dist", "src", "blob", "main.js");

    private const int KeptOutputLines = 50;
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private AzuriteProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The blob port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The emulator's well-known development account (published in Azurite's documentation).</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known key of the development account: public, and useless outside an emulator.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Path-style blob endpoint of the development account, e.g. <c>http://127.0.0.1:port/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{Port}/{AccountName}");

    /// <summary>A connection string for the development account on this instance.</summary>
    public string ConnectionString => ConnectionStringWithKey(AccountKey);

    /// <summary>A connection string for this instance with another key (a wrong key gets 403, as on Azure).</summary>
    public string ConnectionStringWithKey(string accountKey) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={accountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>The last lines Azurite printed (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join(Environment.NewLine, _lastLines);
            }
        }
    }

    /// <summary>
    /// Starts the blob service from <paramref name="toolsDirectory"/> (holding node_modules/azurite) and returns once it
    /// listens. Data goes to <paramref name="dataDirectory"/>, or stays in memory when it is null.
    /// </summary>
    /// <exception cref="FileNotFoundException">Azurite is not installed under <paramref name="toolsDirectory"/>.</exception>
    /// <exception cref="InvalidOperationException">node is missing, or Azurite exited or did not listen in time.</exception>
    public static Task<AzuriteProcess> StartAsync(string toolsDirectory, string? dataDirectory, CancellationToken cancellationToken) =>
        StartAsync(toolsDirectory, dataDirectory, skipApiVersionCheck: false, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(string, string?, CancellationToken)"/>. Azurite refuses an <c>x-ms-version</c> newer than
    /// it knows (400 InvalidHeaderValue), as the Blob Storage on IoT Edge module does; <paramref name="skipApiVersionCheck"/>
    /// turns that check off. It stays on by default so a client that forgot to pin its service version fails here too.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(string toolsDirectory, string? dataDirectory, bool skipApiVersionCheck, CancellationToken cancellationToken)
    {
        var script = Path.Combine(toolsDirectory, BlobScriptRelativePath);
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"Azurite is not installed: '{script}' is missing. Run device/install-deps.sh.", script);
        }

        if (dataDirectory is not null)
        {
            Directory.CreateDirectory(dataDirectory);
        }

        for (var attempt = 1; ; attempt++)
        {
            var azurite = Launch(script, FreeLoopbackPort(), dataDirectory, skipApiVersionCheck);
            try
            {
                await azurite.WaitUntilListeningAsync(cancellationToken);
                return azurite;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && azurite._process.HasExited)
            {
                // Most likely another process took the free port between our probe and Azurite's bind: take another.
                await azurite.DisposeAsync();
            }
            catch
            {
                await azurite.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private static AzuriteProcess Launch(string script, int port, string? dataDirectory, bool skipApiVersionCheck)
    {
        var arguments = new List<string>
        {
            script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture),
            "--disableTelemetry", "--silent",
        };
        if (skipApiVersionCheck)
        {
            arguments.Add("--skipApiVersionCheck");
        }

        arguments.AddRange(dataDirectory is null ? ["--inMemoryPersistence"] : ["--location", dataDirectory]);
        AzuriteProcess? azurite = null;
        Process process;
        try
        {
            process = ToolProcess.Start("node", arguments, beforeStart: p =>
            {
                azurite = new AzuriteProcess(p, port);
                p.OutputDataReceived += azurite.Keep;
                p.ErrorDataReceived += azurite.Keep;
            });
        }
        catch (MediaToolNotFoundException ex)
        {
            throw new InvalidOperationException("Node.js ('node') is not on PATH; Azurite needs it. Install Node 20 or later (device/install-deps.sh).", ex);
        }

        // Always drain both pipes so a chatty emulator can never block on a full pipe.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return azurite!;
    }

    private void Keep(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_lastLines)
        {
            if (_lastLines.Count == KeptOutputLines)
            {
                _lastLines.Dequeue();
            }

            _lastLines.Enqueue(e.Data);
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancellationToken); // also waits until its output is drained
                throw new InvalidOperationException(
                    $"Azurite exited with code {_process.ExitCode} before listening on port {Port}.{Describe(Output)}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException) when (elapsed.Elapsed < StartTimeout)
            {
                await Task.Delay(ProbeInterval, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new InvalidOperationException(
                    $"Azurite did not listen on port {Port} within {StartTimeout.TotalSeconds:F0} s.{Describe(Output)}", ex);
            }
        }
    }

    private static string Describe(string output) =>
        output.Length == 0 ? string.Empty : $" Its last output:{Environment.NewLine}{output}";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
