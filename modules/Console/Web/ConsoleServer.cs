using System.Net;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using EdgeCam.Edge.Volumes;
using EdgeCam.WebConsole.Health;
using EdgeCam.WebConsole.Live;
using EdgeCam.WebConsole.Security;
using EdgeCam.WebConsole.Settings;
using EdgeCam.WebConsole.Timeline;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCam.WebConsole.Web;

/// <summary>
/// The console's web server (Kestrel): the pages, the live streams and the media files. Without a password it listens
/// on loopback only and asks for nothing; with one (<see cref="PasswordFile"/>) it listens on every interface and
/// every request but the login page needs the sign-in cookie. HTTPS when a certificate is configured. Every POST (the
/// sign-in and sign-out forms) must carry the antiforgery token its form was served with, or it is refused with 400
/// before its handler runs: the SameSite=Strict cookies alone would leave older browsers open to cross-site forms.
/// </summary>
public sealed partial class ConsoleServer : IAsyncDisposable
{
    /// <summary>How long a wrong password holds the answer back (slows guessing down).</summary>
    public static readonly TimeSpan WrongPasswordDelay = TimeSpan.FromSeconds(1);

    private readonly ConsoleOptions _options;
    private readonly EventTimeline _timeline;
    private readonly HealthBoard _health;
    private readonly ITwinView? _twins;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly PasswordFile _password;
    private readonly SignInGate _signIns;
    private int _signInsBusyLogged;
    private WebApplication? _app;
    private X509Certificate2? _certificate;

    public ConsoleServer(ConsoleOptions options, EventTimeline timeline, HealthBoard health, ITwinView? twins, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _timeline = timeline;
        _health = health;
        _twins = twins;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ConsoleServer>();
        _password = new PasswordFile(options.PasswordFile);
        _signIns = new SignInGate(options.SignInQueueWait);
    }

    /// <summary>The addresses it listens on (after <see cref="StartAsync"/>).</summary>
    public IReadOnlyList<string> Urls { get; private set; } = [];

    /// <summary>Starts listening.</summary>
    /// <exception cref="ServerCertificateException">The TLS certificate or key file cannot be used (one line naming it).</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var open = _password.Exists;
        var certificate = _certificate = _options.TlsCertificateFile is { } certificateFile ? ServerCertificate.Load(certificateFile, _options.TlsKeyFile) : null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ConsoleServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggers);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(open ? IPAddress.IPv6Any : IPAddress.Loopback, _options.Port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "edgecam-console";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/login";
        });

        // Keys for the sign-in cookie and the form tokens live in memory only: a restart signs everyone out, and no key
        // file is left under the user's home.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(form =>
        {
            form.Cookie.Name = "edgecam-console-form";
            form.Cookie.HttpOnly = true;
            form.Cookie.SameSite = SameSiteMode.Strict;
            form.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            form.FormFieldName = "form-token";
        });
        var app = builder.Build();
        app.UseAuthentication();
        app.Use(RequireSignInAsync);
        app.Use(RequireFormTokenAsync);
        MapEndpoints(app);
        await app.StartAsync(cancellationToken);
        _app = app;
        Urls = [.. app.Urls];
        LogListening(string.Join(", ", Urls), open ? "every interface, password required" : "loopback only (no password set)");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        _certificate?.Dispose();
        _signIns.Dispose();
    }

    private void MapEndpoints(WebApplication app)
    {
        var live = new LiveStream(_options.Volume);
        var media = new MediaFiles(_options.Volume);
        var space = new VolumeSpaceReader(_options.Volume.Root);
        var forms = app.Services.GetRequiredService<IAntiforgery>();
        FormToken? SignOut(HttpContext c) => SignedIn(c) ? FormToken.Issue(forms, c) : null;
        app.MapGet("/", () => Results.Redirect("/live"));
        app.MapGet("/live", (HttpContext c) => HtmlResult(Pages.Live(Cameras(live), SignOut(c))));
        app.MapGet("/live/{camera}.mjpeg", (HttpContext c, string camera) => live.ServeAsync(c, camera, c.RequestAborted));
        app.MapGet("/events", (HttpContext c) => HtmlResult(Pages.Events(_timeline.Newest(EventTimeline.Capacity), SignOut(c))));
        app.MapGet("/events/{eventId}", (HttpContext c, string eventId) => _timeline.Find(eventId) is { } e
            ? HtmlResult(Pages.Event(e, SignOut(c)))
            : Results.NotFound($"no event '{eventId}' since the console started."));
        app.MapGet("/health", (HttpContext c) => HtmlResult(Pages.HealthPage(_health.Snapshot(), space.Read(), _options.Volume.Root, SignOut(c))));
        app.MapGet("/settings", (HttpContext c) => HtmlResult(Pages.SettingsPage(_twins, ConsoleSettings(), SignOut(c))));
        app.MapGet("/media/{**path}", (string path) => media.Find(path) is { } file
            ? Results.File(file.Path, file.ContentType, enableRangeProcessing: true)
            : Results.NotFound());
        app.MapGet("/login", (HttpContext c) => HtmlResult(Pages.Login(null, FormToken.Issue(forms, c))));
        app.MapPost("/login", (Delegate)SignInAsync);
        app.MapPost("/logout", (Delegate)(async (HttpContext c) =>
        {
            await c.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(_password.Exists ? "/login" : "/live");
        }));
    }

    private async Task<IResult> SignInAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var password = form["password"].ToString();
        var stored = _password.ReadHash();
        if (stored is null)
        {
            return Results.Redirect("/live");
        }

        using var turn = await _signIns.TryEnterAsync(context.RequestAborted);
        if (turn is null)
        {
            // Once per crowd of attempts, not per attempt: the next one that gets its turn allows the line again.
            if (Interlocked.Exchange(ref _signInsBusyLogged, 1) == 0)
            {
                LogSignInsBusy(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _signIns.QueueWait.TotalSeconds);
            }

            context.Response.Headers.RetryAfter = "5";
            return HtmlResult(Pages.Login("Too many sign-in attempts at once. Try again in a moment.", FormToken.Issue(context.RequestServices.GetRequiredService<IAntiforgery>(), context)), StatusCodes.Status429TooManyRequests);
        }

        Interlocked.Exchange(ref _signInsBusyLogged, 0);

        bool valid;
        try
        {
            valid = PasswordHash.Verify(password, stored);
        }
        catch (FormatException ex)
        {
            LogBadPasswordFile(_password.Path, ex.Message);
            valid = false;
        }

        if (!valid)
        {
            LogWrongPassword(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            await Task.Delay(WrongPasswordDelay, _time, context.RequestAborted);
            return HtmlResult(Pages.Login("Wrong password.", FormToken.Issue(context.RequestServices.GetRequiredService<IAntiforgery>(), context)), StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "owner")], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.Redirect("/live");
    }

    // With a password set, everything but the login page needs the cookie: pages redirect to it, the rest gets 401.
    private async Task RequireSignInAsync(HttpContext context, Func<Task> next)
    {
        if (_password.Exists && context.User.Identity?.IsAuthenticated != true && context.Request.Path != "/login")
        {
            if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments("/media") && !context.Request.Path.Value!.EndsWith(".mjpeg", StringComparison.Ordinal))
            {
                context.Response.Redirect("/login");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }

            return;
        }

        await next();
    }

    // Every request that changes state (a POST: sign in, sign out) carries the token of the form it came from.
    private async Task RequireFormTokenAsync(HttpContext context, Func<Task> next)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method)
            && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            LogFormTokenRefused(method, context.Request.Path.Value ?? "/", context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        await next();
    }

    private List<string> Cameras(LiveStream live) =>
        [.. live.Cameras().Union(_health.Snapshot().Cameras.Select(c => c.CameraId), StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private List<(string, string)> ConsoleSettings() =>
    [
        ("Listening on", string.Join(", ", Urls)),
        ("Access", _password.Exists ? "password required" : "no password set: loopback only"),
        ("Password file", _password.Path),
        ("TLS", _options.TlsCertificateFile is { } cert ? $"on ({cert})" : "off"),
        ("Shared volume", _options.Volume.Root),
    ];

    private bool SignedIn(HttpContext context) => _password.Exists && context.User.Identity?.IsAuthenticated == true;

    private static IResult HtmlResult(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    [LoggerMessage(1, LogLevel.Information, "Console on {Urls} ({Access})")]
    private partial void LogListening(string urls, string access);

    [LoggerMessage(2, LogLevel.Warning, "Console: wrong password from {Address}")]
    private partial void LogWrongPassword(string address);

    [LoggerMessage(3, LogLevel.Error, "Console: the password file {Path} is unreadable ({Reason}); nobody can sign in until `edgecam-agent console set-password` rewrites it")]
    private partial void LogBadPasswordFile(string path, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Console: sign-in attempts arrive faster than one at a time (from {Address}, among others); attempts that wait over {Seconds} s are turned away with 429")]
    private partial void LogSignInsBusy(string address, double seconds);

    [LoggerMessage(4, LogLevel.Warning, "Console: {Method} {Path} from {Address} refused: no valid form token (a cross-site form, or a page older than the console's last restart)")]
    private partial void LogFormTokenRefused(string method, string path, string address);
}
