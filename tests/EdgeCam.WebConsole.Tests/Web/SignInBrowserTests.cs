using EdgeCam.Contracts;
using EdgeCam.Testing;
using EdgeCam.WebConsole.Health;
using EdgeCam.WebConsole.Security;
using EdgeCam.WebConsole.Timeline;
using EdgeCam.WebConsole.Web;
using Microsoft.Extensions.Logging.Abstractions;
using OpenQA.Selenium;

namespace EdgeCam.WebConsole.Tests.Web;

/// <summary>A console with a password set, in headless Chromium: nothing without signing in, a wrong password refused.</summary>
[Collection(PipelineCollection.Name)]
public sealed class SignInBrowserTests(PipelineRig rig) : IAsyncLifetime, IDisposable
{
    private const string Password = "correct horse battery";
    private readonly TempDirectory _dir = new("edgecam-console-signin");
    private ConsoleServer? _server;
    private string _baseUrl = string.Empty;

    private OpenQA.Selenium.Chrome.ChromeDriver Driver => rig.Driver;

    public async Task InitializeAsync()
    {
        var passwordFile = _dir.Combine("volume", "console", "password.hash");
        new PasswordFile(passwordFile).Write(Password);
        var options = new ConsoleOptions { Volume = new SharedVolume(_dir.Combine("volume")), Port = 0, PasswordFile = passwordFile };
        _server = new ConsoleServer(options, new EventTimeline(), new HealthBoard(), null, TimeProvider.System, NullLoggerFactory.Instance);
        await _server.StartAsync(CancellationToken.None);
        var port = new Uri(_server.Urls[0].Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
        _baseUrl = $"http://127.0.0.1:{port}";
        Driver.Manage().Cookies.DeleteAllCookies();
    }

    public async Task DisposeAsync()
    {
        Driver.Manage().Cookies.DeleteAllCookies();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SignIn_WrongPassword_RefusedAndStillAsked()
    {
        Driver.Navigate().GoToUrl($"{_baseUrl}/events");
        Assert.EndsWith("/login", new Uri(Driver.Url).AbsolutePath, StringComparison.Ordinal);
        Browser.Screenshot(Driver, "login");

        await SignInAsync("wrong password");

        Assert.Equal("Wrong password.", Driver.FindElement(By.Id("login-error")).Text);
        Browser.Screenshot(Driver, "login-refused");
        Driver.Navigate().GoToUrl($"{_baseUrl}/settings");
        Assert.EndsWith("/login", new Uri(Driver.Url).AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_RightPassword_PagesOpen()
    {
        Driver.Navigate().GoToUrl($"{_baseUrl}/login");

        await SignInAsync(Password);

        Assert.EndsWith("/live", new Uri(Driver.Url).AbsolutePath, StringComparison.Ordinal);
        Driver.Navigate().GoToUrl($"{_baseUrl}/settings");
        Assert.Contains("password required", Driver.FindElement(By.Id("console-settings")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(_dir.Combine("volume", "console", "password.hash")).Trim().Split('$')[3], Driver.PageSource, StringComparison.Ordinal);
    }

    // The click only starts the form's POST (a wrong password is answered after 1 s): wait until the login page is replaced.
    private async Task SignInAsync(string password)
    {
        Driver.FindElement(By.Id("password")).SendKeys(password);
        var button = Driver.FindElement(By.Id("sign-in"));
        button.Click();
        await Browser.UntilAsync(() => IsStale(button), "the sign-in form was answered", TimeSpan.FromSeconds(15));
    }

    private static bool IsStale(IWebElement element)
    {
        try
        {
            _ = element.Enabled;
            return false;
        }
        catch (StaleElementReferenceException)
        {
            return true;
        }
    }
}
