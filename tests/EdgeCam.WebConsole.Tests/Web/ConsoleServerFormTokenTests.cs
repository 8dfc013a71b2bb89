using System.Net;
using System.Text.RegularExpressions;
using EdgeCam.Contracts;
using EdgeCam.Testing;
using EdgeCam.WebConsole.Health;
using EdgeCam.WebConsole.Security;
using EdgeCam.WebConsole.Timeline;
using EdgeCam.WebConsole.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.WebConsole.Tests.Web;

/// <summary>
/// Antiforgery on every form that changes state (sign in, sign out): a POST without the token of a form the console
/// served, in the same browser session, is refused with 400 before its handler runs; with the token it works.
/// </summary>
public sealed partial class ConsoleServerFormTokenTests : IAsyncLifetime, IDisposable
{
    private const string Password = "correct horse battery";
    private readonly TempDirectory _dir = new("edgecam-console-forms");
    private ConsoleServer? _server;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        var passwordFile = _dir.Combine("volume", "console", "password.hash");
        new PasswordFile(passwordFile).Write(Password);
        var options = new ConsoleOptions { Volume = new SharedVolume(_dir.Combine("volume")), Port = 0, PasswordFile = passwordFile, SignInQueueWait = TimeSpan.FromMilliseconds(300) };
        _server = new ConsoleServer(options, new EventTimeline(), new HealthBoard(), null, TimeProvider.System, NullLoggerFactory.Instance);
        await _server.StartAsync(CancellationToken.None);
        _base = new Uri($"http://127.0.0.1:{new Uri(_server.Urls[0].Replace("[::]", "localhost", StringComparison.Ordinal)).Port}");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PostLogin_WithoutFormToken_Refused400AndNotSignedIn()
    {
        using var browser = Client();

        using var response = await browser.PostAsync(new Uri(_base, "/login"), Form(("password", Password)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("edgecam-console=", StringComparison.Ordinal)));
        using var page = await browser.GetAsync(new Uri(_base, "/events"));
        Assert.Equal("/login", page.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PostLogin_TokenFromAnotherSession_Refused400()
    {
        using var other = Client();
        var token = await FormTokenAsync(other, "/login");
        using var attacker = Client();

        using var response = await attacker.PostAsync(new Uri(_base, "/login"), Form(("password", Password), ("form-token", token)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PostLogin_FormToken_SignsIn()
    {
        using var browser = Client();
        var token = await FormTokenAsync(browser, "/login");

        using var response = await browser.PostAsync(new Uri(_base, "/login"), Form(("password", Password), ("form-token", token)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/live", response.Headers.Location?.OriginalString);
        using var page = await browser.GetAsync(new Uri(_base, "/events"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task PostLogout_WithoutFormToken_Refused400AndStillSignedIn()
    {
        using var browser = Client();
        using var signedIn = await browser.PostAsync(new Uri(_base, "/login"), Form(("password", Password), ("form-token", await FormTokenAsync(browser, "/login"))));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        using var refused = await browser.PostAsync(new Uri(_base, "/logout"), Form());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var still = await browser.GetAsync(new Uri(_base, "/events"));
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        using var signedOut = await browser.PostAsync(new Uri(_base, "/logout"), Form(("form-token", await FormTokenAsync(browser, "/events"))));
        Assert.Equal("/login", signedOut.Headers.Location?.OriginalString);
        using var gone = await browser.GetAsync(new Uri(_base, "/events"));
        Assert.Equal("/login", gone.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PostLogin_ManyWrongPasswordsAtOnce_OneCheckAtATimeAndTheRestTurnedAwayWith429()
    {
        var browsers = Enumerable.Range(0, 6).Select(_ => Client()).ToList();
        try
        {
            var tokens = new List<string>();
            foreach (var browser in browsers)
            {
                tokens.Add(await FormTokenAsync(browser, "/login"));
            }

            // Each wrong password holds the gate for its 1 s pause; the others wait 300 ms for it.
            var answers = await Task.WhenAll(browsers.Select((b, i) => b.PostAsync(new Uri(_base, "/login"), Form(("password", "guess " + i), ("form-token", tokens[i])))));
            var codes = answers.Select(a => a.StatusCode).ToList();
            foreach (var answer in answers)
            {
                answer.Dispose();
            }

            Assert.All(codes, c => Assert.True(c is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, c.ToString()));
            Assert.Contains(HttpStatusCode.Unauthorized, codes);
            Assert.Contains(HttpStatusCode.TooManyRequests, codes);
            using var owner = Client();
            using var signedIn = await owner.PostAsync(new Uri(_base, "/login"), Form(("password", Password), ("form-token", await FormTokenAsync(owner, "/login"))));
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }

    // A browser: keeps cookies, does not follow redirects (the tests look at them).
    private static HttpClient Client() => new(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false });

    private async Task<string> FormTokenAsync(HttpClient browser, string page)
    {
        var html = await browser.GetStringAsync(new Uri(_base, page));
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"{page} has no form-token field");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    [GeneratedRegex("name=\"form-token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
