using System.Diagnostics;

namespace EdgeCam.Testing.Mosquitto;

/// <summary>
/// Test PKI made with openssl once per test run, in a world-readable temp folder (mosquitto drops to user
/// <c>mosquitto</c> when started as root and must still read the key): a CA, a server certificate for
/// <c>localhost</c> and <c>127.0.0.1</c>, a server certificate for <c>localhost</c> only (hostname-mismatch tests
/// connect to 127.0.0.1) and a second, unrelated CA (wrong-CA tests).
/// </summary>
public sealed class TestCertificates
{
    private static readonly Lazy<TestCertificates> Shared = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    private TestCertificates(string directory)
    {
        Directory = directory;
    }

    /// <summary>The certificates of this test run (made on first use).</summary>
    public static TestCertificates Instance => Shared.Value;

    /// <summary>The folder holding every file below.</summary>
    public string Directory { get; }

    /// <summary>The CA that signed both server certificates (PEM).</summary>
    public string CaFile => Path.Combine(Directory, "ca.crt");

    /// <summary>A folder holding only <see cref="CaFile"/>, hashed with <c>openssl rehash</c> (a CA directory).</summary>
    public string CaDirectory => Path.Combine(Directory, "ca-dir");

    /// <summary>A CA that signed nothing the broker presents.</summary>
    public string OtherCaFile => Path.Combine(Directory, "other-ca.crt");

    /// <summary>Server certificate with SAN DNS:localhost and IP:127.0.0.1.</summary>
    public string ServerCertFile => Path.Combine(Directory, "server.crt");

    /// <summary>Key of <see cref="ServerCertFile"/>.</summary>
    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    /// <summary>Server certificate with SAN DNS:localhost only (so 127.0.0.1 does not match).</summary>
    public string LocalhostOnlyCertFile => Path.Combine(Directory, "localhost-only.crt");

    /// <summary>Key of <see cref="LocalhostOnlyCertFile"/>.</summary>
    public string LocalhostOnlyKeyFile => Path.Combine(Directory, "localhost-only.key");

    private static TestCertificates Create()
    {
        var openssl = RequiredTool.Openssl();
        var dir = Path.Combine(Path.GetTempPath(), $"edgecam-pki-{Environment.ProcessId}-{Guid.NewGuid():N}"[..36]);
        System.IO.Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the OS temp cleaner takes the rest.
            }
        };

        var certificates = new TestCertificates(dir);
        void Run(params string[] arguments) => RunOpenssl(openssl, dir, arguments);

        Run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=EdgeCam Test CA");
        Run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt", "-days", "2", "-subj", "/CN=EdgeCam Other CA");
        IssueServer(Run, dir, "server", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        IssueServer(Run, dir, "localhost-only", "subjectAltName=DNS:localhost");

        var caDir = certificates.CaDirectory;
        System.IO.Directory.CreateDirectory(caDir);
        File.Copy(certificates.CaFile, Path.Combine(caDir, "edgecam-test-ca.pem"));
        Run("rehash", caDir);

        // World-readable: a root-started mosquitto reads its certificate and key as user mosquitto.
        foreach (var folder in new[] { dir, caDir })
        {
            SetMode(folder, 0b111_101_101);
            foreach (var file in System.IO.Directory.GetFiles(folder))
            {
                SetMode(file, 0b110_100_100);
            }
        }

        return certificates;
    }

    /// <summary>chmod (octal 755 for folders, 644 for files); nothing to do on Windows, which has no mosquitto user.</summary>
    internal static void SetMode(string path, int mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)mode);
        }
    }

    private static void IssueServer(Action<string[]> run, string dir, string name, string subjectAltName)
    {
        File.WriteAllText(
            Path.Combine(dir, name + ".ext"),
            $"{subjectAltName}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n");
        run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=localhost"]);
        run(["x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext"]);
    }

    private static void RunOpenssl(string openssl, string workingDirectory, string[] arguments)
    {
        var info = new ProcessStartInfo(openssl)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        }
    }
}
