using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeCam.Testing.Mosquitto;

/// <summary>Who may connect to a <see cref="MosquittoBroker"/>.</summary>
/// <param name="AllowAnonymous">Accept clients without a username (mosquitto 2.0 refuses them unless told).</param>
/// <param name="Users">When set, a password file with these users: a wrong password gets CONNACK 5.</param>
/// <param name="ExtraConfiguration">Lines appended to the global part of the config (before the listeners).</param>
public sealed record MosquittoBrokerOptions(
    bool AllowAnonymous = true,
    IReadOnlyDictionary<string, string>? Users = null,
    string? ExtraConfiguration = null);

/// <summary>
/// A real mosquitto for tests, on free loopback ports with a config in a temp folder:
/// <list type="bullet">
/// <item><see cref="Port"/>: plain MQTT;</item>
/// <item><see cref="TlsPort"/>: TLS with a certificate for localhost and 127.0.0.1, signed by <see cref="CaFile"/>;</item>
/// <item><see cref="LocalhostOnlyTlsPort"/>: TLS with a certificate for localhost only (connect to 127.0.0.1 to get a
/// hostname mismatch).</item>
/// </list>
/// <see cref="StopAsync"/> kills it (clients see the connection drop) and <see cref="RestartAsync"/> brings it back on
/// the same ports. <see cref="Log"/> holds what it printed (connects, subscribes, errors). Fails the test with an
/// install hint when mosquitto or openssl is missing.
/// </summary>
/// <example>
/// <code>
/// await using var broker = await MosquittoBroker.StartAsync(ct);
/// var options = new MqttConnectOptions("localhost", broker.TlsPort, "dev1", null, null, new MqttTlsOptions(broker.CaFile), ...);
/// </code>
/// </example>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _directory;
    private readonly StringBuilder _log = new();
    private readonly string _configFile;
    private Process? _process;
    private TaskCompletionSource _running = NewSignal();

    private MosquittoBroker(TempDirectory directory, string configFile, int port, int tlsPort, int localhostOnlyTlsPort)
    {
        _directory = directory;
        _configFile = configFile;
        Port = port;
        TlsPort = tlsPort;
        LocalhostOnlyTlsPort = localhostOnlyTlsPort;
    }

    /// <summary>Loopback address every listener binds to.</summary>
    public static string Host => "127.0.0.1";

    /// <summary>Plain MQTT port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>TLS port on 127.0.0.1; the certificate matches "localhost" and "127.0.0.1".</summary>
    public int TlsPort { get; }

    /// <summary>TLS port on 127.0.0.1 whose certificate matches "localhost" only.</summary>
    public int LocalhostOnlyTlsPort { get; }

    /// <summary>The test PKI (CA file and directory, an unrelated CA for negative tests).</summary>
    public TestCertificates Certificates { get; } = TestCertificates.Instance;

    /// <summary>The CA that signed the broker's certificates.</summary>
    public string CaFile => Certificates.CaFile;

    /// <summary>True while the broker process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the broker printed since it was first started (all restarts included).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts a broker with anonymous access and returns once it runs.</summary>
    public static Task<MosquittoBroker> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(new MosquittoBrokerOptions(), cancellationToken);

    /// <summary>Starts a broker and returns once it runs.</summary>
    public static async Task<MosquittoBroker> StartAsync(MosquittoBrokerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mosquitto = RequiredTool.Mosquitto();
        var certificates = TestCertificates.Instance;
        for (var attempt = 1; ; attempt++)
        {
            var directory = new TempDirectory("mosquitto");
            TestCertificates.SetMode(directory.Path, 0b111_101_101);
            var (port, tlsPort, localhostOnlyPort) = (FreePort(), FreePort(), FreePort());
            var configFile = WriteConfig(directory, options, certificates, port, tlsPort, localhostOnlyPort);
            var broker = new MosquittoBroker(directory, configFile, port, tlsPort, localhostOnlyPort);
            try
            {
                await broker.LaunchAsync(mosquitto, cancellationToken);
                return broker;
            }
            catch (InvalidOperationException) when (attempt < 3 && broker.Log.Contains("Address already in use", StringComparison.Ordinal))
            {
                // Lost the race for a free port to another process: take others.
                await broker.DisposeAsync();
            }
            catch
            {
                await broker.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Kills the broker: every client connection drops at once, as when the host goes away.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

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

        await process.WaitForExitAsync(cancellationToken);
        process.Dispose();
        _process = null;
    }

    /// <summary>Freezes the broker (SIGSTOP): connections stay open but nothing is answered (no PUBACK, no PINGRESP).</summary>
    public Task PauseAsync(CancellationToken cancellationToken) => SignalAsync("-STOP", cancellationToken);

    /// <summary>Lets a paused broker run again (SIGCONT).</summary>
    public Task ResumeAsync(CancellationToken cancellationToken) => SignalAsync("-CONT", cancellationToken);

    /// <summary>Starts the broker again on the same ports (after <see cref="StopAsync"/>, or stops it first).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken);
        await LaunchAsync(RequiredTool.Mosquitto(), cancellationToken);
    }

    /// <summary>Waits until the log contains <paramref name="text"/> (e.g. a client id or "Received SUBSCRIBE").</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"mosquitto did not log '{text}' within {timeout.TotalSeconds} s. Log:\n{Log}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _directory.Dispose();
    }

    private async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        var process = _process ?? throw new InvalidOperationException("mosquitto is not running.");
        var info = new ProcessStartInfo("kill") { UseShellExecute = false };
        info.ArgumentList.Add(signal);
        info.ArgumentList.Add(process.Id.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(info) ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {process.Id} failed ({kill.ExitCode}).");
        }
    }

    private async Task LaunchAsync(string mosquitto, CancellationToken cancellationToken)
    {
        _running = NewSignal();
        var info = new ProcessStartInfo(mosquitto)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(_configFile);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += OnOutput;
        process.ErrorDataReceived += OnOutput;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var exited = process.WaitForExitAsync(timeout.Token);
        var finished = await Task.WhenAny(_running.Task, exited);
        if (finished == _running.Task)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var why = process.HasExited ? $"exited with code {process.ExitCode}" : $"did not report running within {StartTimeout.TotalSeconds} s";
        await StopAsync(CancellationToken.None);
        throw new InvalidOperationException($"mosquitto {why} (ports {Port}, {TlsPort}, {LocalhostOnlyTlsPort}). Log:\n{Log}");
    }

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < 1024 * 1024)
            {
                _log.AppendLine(e.Data);
            }
        }

        // "mosquitto version 2.0.11 running" comes after every listener is bound.
        if (e.Data.Contains(" running", StringComparison.Ordinal) && e.Data.Contains("mosquitto version", StringComparison.Ordinal))
        {
            _running.TrySetResult();
        }
    }

    private static string WriteConfig(TempDirectory directory, MosquittoBrokerOptions options, TestCertificates certificates, int port, int tlsPort, int localhostOnlyPort)
    {
        var config = new StringBuilder();
        config.AppendLine("per_listener_settings false");
        config.AppendLine(CultureInfo.InvariantCulture, $"allow_anonymous {(options.AllowAnonymous ? "true" : "false")}");
        config.AppendLine("persistence false");

        // stderr: stdout is block-buffered when redirected, so the log would look empty until exit.
        config.AppendLine("log_dest stderr");
        foreach (var type in new[] { "error", "warning", "notice", "information", "subscribe" })
        {
            config.AppendLine("log_type " + type);
        }

        config.AppendLine("connection_messages true");
        config.AppendLine("log_timestamp_format %H:%M:%S");
        if (options.Users is { Count: > 0 } users)
        {
            var passwordFile = directory.Combine("passwd");
            File.WriteAllText(passwordFile, string.Empty);
            foreach (var (user, password) in users)
            {
                RunPasswd(passwordFile, user, password);
            }

            TestCertificates.SetMode(passwordFile, 0b110_100_100);
            config.AppendLine("password_file " + passwordFile);
        }

        if (options.ExtraConfiguration is { } extra)
        {
            config.AppendLine(extra);
        }

        config.AppendLine(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1");
        AppendTlsListener(config, tlsPort, certificates.CaFile, certificates.ServerCertFile, certificates.ServerKeyFile);
        AppendTlsListener(config, localhostOnlyPort, certificates.CaFile, certificates.LocalhostOnlyCertFile, certificates.LocalhostOnlyKeyFile);

        var file = directory.Combine("mosquitto.conf");
        File.WriteAllText(file, config.ToString());
        TestCertificates.SetMode(file, 0b110_100_100);
        return file;
    }

    private static void AppendTlsListener(StringBuilder config, int port, string caFile, string certFile, string keyFile)
    {
        config.AppendLine(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1");
        config.AppendLine("cafile " + caFile);
        config.AppendLine("certfile " + certFile);
        config.AppendLine("keyfile " + keyFile);
        config.AppendLine("tls_version tlsv1.2");
    }

    private static void RunPasswd(string passwordFile, string user, string password)
    {
        var info = new ProcessStartInfo(RequiredTool.MosquittoPasswd())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-b", passwordFile, user, password })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto_passwd did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_passwd failed ({process.ExitCode}) for user {user}: {stderr.Result}");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
