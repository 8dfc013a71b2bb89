using EdgeCam.Testing;
using EdgeCam.WebConsole.Web;

namespace EdgeCam.WebConsole.Tests.Web;

/// <summary>The HTTPS certificate files: loaded with their key, or one line naming the variable and the file.</summary>
public sealed class ServerCertificateTests : IDisposable
{
    private readonly TempDirectory _dir = new("edgecam-console-cert");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_CertificateAndItsKey_HasThePrivateKey()
    {
        using var made = TestCertificate.Create();
        var (cert, key) = TestCertificate.WritePem(made, _dir.Path, "server");

        using var loaded = ServerCertificate.Load(cert, key);

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(TestCertificate.Fingerprint(made), TestCertificate.Fingerprint(loaded));
    }

    [Fact]
    public void Load_KeyInTheCertificateFile_HasThePrivateKey()
    {
        using var made = TestCertificate.Create();
        var (cert, key) = TestCertificate.WritePem(made, _dir.Path, "server");
        var both = _dir.Combine("both.pem");
        File.WriteAllText(both, File.ReadAllText(cert) + "\n" + File.ReadAllText(key) + "\n");

        using var loaded = ServerCertificate.Load(both, null);

        Assert.True(loaded.HasPrivateKey);
    }

    [Fact]
    public void Load_CertificateFileMissing_OneLineNamingVariableAndFile()
    {
        using var made = TestCertificate.Create();
        var (_, key) = TestCertificate.WritePem(made, _dir.Path, "server");
        var missing = _dir.Combine("nowhere", "server.crt");

        var ex = Assert.Throws<ServerCertificateException>(() => ServerCertificate.Load(missing, key));

        AssertOneLineNaming(ex, ConsoleOptions.TlsCertificateVariable, missing);
    }

    [Fact]
    public void Load_KeyFileMissing_OneLineNamingVariableAndFile()
    {
        using var made = TestCertificate.Create();
        var (cert, _) = TestCertificate.WritePem(made, _dir.Path, "server");
        var missing = _dir.Combine("server-missing.key");

        var ex = Assert.Throws<ServerCertificateException>(() => ServerCertificate.Load(cert, missing));

        AssertOneLineNaming(ex, ConsoleOptions.TlsKeyVariable, missing);
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_OneLineNamingBothFiles()
    {
        using var made = TestCertificate.Create();
        using var other = TestCertificate.Create();
        var (cert, _) = TestCertificate.WritePem(made, _dir.Path, "server");
        var (_, otherKey) = TestCertificate.WritePem(other, _dir.Path, "other");

        var ex = Assert.Throws<ServerCertificateException>(() => ServerCertificate.Load(cert, otherKey));

        AssertOneLineNaming(ex, ConsoleOptions.TlsKeyVariable, otherKey);
        Assert.Contains(cert, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotACertificate_OneLineNamingTheFile()
    {
        using var made = TestCertificate.Create();
        var (_, key) = TestCertificate.WritePem(made, _dir.Path, "server");

        var ex = Assert.Throws<ServerCertificateException>(() => ServerCertificate.Load(key, key));

        AssertOneLineNaming(ex, ConsoleOptions.TlsCertificateVariable, key);
    }

    [Fact]
    public void Load_NoKeyAnywhere_OneLineNamingTheCertificateFile()
    {
        using var made = TestCertificate.Create();
        var (cert, _) = TestCertificate.WritePem(made, _dir.Path, "server");

        var ex = Assert.Throws<ServerCertificateException>(() => ServerCertificate.Load(cert, null));

        AssertOneLineNaming(ex, ConsoleOptions.TlsCertificateVariable, cert);
    }

    private static void AssertOneLineNaming(Exception ex, string variable, string file)
    {
        Assert.DoesNotContain('\n', ex.Message);
        Assert.StartsWith(variable + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{file}'", ex.Message, StringComparison.Ordinal);
    }
}
