using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using EdgeCam.Contracts;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Routing;
using EdgeCam.Edge.InProcess;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Logging;
using EdgeCam.WebConsole.Health;
using EdgeCam.WebConsole.Security;
using EdgeCam.WebConsole.Timeline;
using EdgeCam.WebConsole.Web;
using Microsoft.Extensions.Logging.Abstractions;
using OpenQA.Selenium;

namespace EdgeCam.WebConsole.Tests.Web;

/// <summary>
/// The console over real TLS (EDGECAM_CONSOLE_TLS_CERT and _KEY): a certificate made in the test, written as PEM, a
/// client that trusts only that certificate, plain HTTP refused, and headless Chromium trusting only its public key.
/// </summary>
public sealed class ConsoleServerTlsTests : IAsyncLifetime, IDisposable
{
    private const string Password = "correct horse battery";
    private readonly TempDirectory _dir = new("edgecam-console-tls");
    private readonly X509Certificate2 _certificate = TestCertificate.Create();
    private ConsoleServer? _server;
    private int _port;

    public async Task InitializeAsync()
    {
        var (cert, key) = TestCertificate.WritePem(_certificate, _dir.Combine("tls"), "console");
        _server = new ConsoleServer(Options(cert, key), new EventTimeline(), new HealthBoard(), null, TimeProvider.System, NullLoggerFactory.Instance);
        await _server.StartAsync(CancellationToken.None);
        _port = new Uri(_server.Urls[0].Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task StartAsync_TlsCertificate_ServesTheSignInPageOverHttpsWithThatCertificate()
    {
        X509Certificate? served = null;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trust exactly the certificate the test made, nothing from the system store.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    served = certificate;
                    return certificate is not null && TestCertificate.Fingerprint(certificate) == TestCertificate.Fingerprint(_certificate);
                },
            },
        });

        using var response = await client.GetAsync(new Uri($"https://127.0.0.1:{_port}/login"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<button id=\"sign-in\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(served);
        Assert.Equal(TestCertificate.Fingerprint(_certificate), TestCertificate.Fingerprint(served));
        Assert.StartsWith("https://", _server!.Urls[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_TlsCertificate_ClientTrustingOnlyTheSystemStoreRefusesIt()
    {
        using var client = new HttpClient();

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"https://127.0.0.1:{_port}/login")));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(ex.InnerException);
    }

    [Fact]
    public async Task StartAsync_TlsCertificate_PlainHttpToTheHttpsPortGetsNoAnswer()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };

        // Kestrel reads the plain request as a broken TLS handshake and closes the connection: no status, no page.
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://127.0.0.1:{_port}/login")));
    }

    [Fact]
    public async Task SignIn_HttpsInChromiumTrustingOnlyThisKey_PagesOpen()
    {
        // Chromium trusts the server's public key and nothing else it would otherwise refuse; the HttpClient test above
        // asserts the served certificate itself.
        using var driver = Browser.Start($"--ignore-certificate-errors-spki-list={TestCertificate.PublicKeyPin(_certificate)}");
        try
        {
            driver.Navigate().GoToUrl($"https://127.0.0.1:{_port}/events");
            Assert.Equal($"https://127.0.0.1:{_port}/login", driver.Url);
            Browser.Screenshot(driver, "login-https");

            driver.FindElement(By.Id("password")).SendKeys(Password);
            driver.FindElement(By.Id("sign-in")).Click();
            await Browser.UntilAsync(() => new Uri(driver.Url).AbsolutePath == "/live", "the sign-in over HTTPS opened the live page", TimeSpan.FromSeconds(15));

            driver.Navigate().GoToUrl($"https://127.0.0.1:{_port}/settings");
            Assert.Contains("on (", driver.FindElement(By.Id("console-settings")).Text, StringComparison.Ordinal);
            Assert.True(driver.FindElement(By.Id("logout")).Displayed);
        }
        finally
        {
            driver.Quit();
        }
    }

    [Fact]
    public async Task StartAsync_KeyOfAnotherCertificate_ThrowsOneLineNamingTheKeyFile()
    {
        using var other = TestCertificate.Create();
        var (cert, _) = TestCertificate.WritePem(_certificate, _dir.Combine("mismatch"), "console");
        var (_, otherKey) = TestCertificate.WritePem(other, _dir.Combine("mismatch"), "other");
        await using var server = new ConsoleServer(Options(cert, otherKey), new EventTimeline(), new HealthBoard(), null, TimeProvider.System, NullLoggerFactory.Instance);

        var ex = await Assert.ThrowsAsync<ServerCertificateException>(() => server.StartAsync(CancellationToken.None));

        Assert.Contains($"'{otherKey}'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task RunAsync_CertificateFileMissing_LogsOneErrorLineNamingItAndStaysOff()
    {
        var missing = _dir.Combine("absent", "console.crt");
        var logs = new RecordingLoggerProvider();
        var module = new ConsoleModule(Options(missing, _dir.Combine("absent", "console.key")), null, TimeProvider.System, logs);
        var hub = new InProcessHub(RouteTable.Empty, new Dictionary<string, System.Text.Json.Nodes.JsonObject>(), new RecordingUpstreamSink(), TimeProvider.System, NullLoggerFactory.Instance);
        await using var client = await ((IModuleClientFactory)hub).CreateAsync(ConsoleRegistration.DefaultModuleId, CancellationToken.None);

        await module.RunAsync(client, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var error = Assert.Single(logs.At(Microsoft.Extensions.Logging.LogLevel.Error));
        Assert.Contains($"{ConsoleOptions.TlsCertificateVariable}: there is no file '{missing}'", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        await Assert.ThrowsAsync<ServerCertificateException>(() => module.Listening);
    }

    private ConsoleOptions Options(string certificate, string key)
    {
        var passwordFile = _dir.Combine("volume", "console", "password.hash");
        if (!File.Exists(passwordFile))
        {
            new PasswordFile(passwordFile).Write(Password);
        }

        return new ConsoleOptions { Volume = new SharedVolume(_dir.Combine("volume")), Port = 0, PasswordFile = passwordFile, TlsCertificateFile = certificate, TlsKeyFile = key };
    }
}
