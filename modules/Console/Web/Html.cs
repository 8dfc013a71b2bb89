using System.Globalization;
using System.Net;

namespace EdgeCam.WebConsole.Web;

/// <summary>The page frame (navigation, styles) and the encoding every value goes through before it reaches HTML.</summary>
internal static class Html
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;background:#111;color:#ddd}a{color:#9cf}
        nav{background:#222;padding:.6em 1em}nav a{color:#9cf;margin-right:1.2em;text-decoration:none}
        main{padding:1em}table{border-collapse:collapse}td,th{border-bottom:1px solid #333;padding:.3em .6em;text-align:left;vertical-align:top}
        .cam{display:inline-block;margin:0 1em 1em 0}.cam img{max-width:640px;width:100%;background:#000}
        .bad{color:#f88}.ok{color:#8f8}pre{background:#1a1a1a;padding:.6em;overflow:auto;max-width:60em}
        img.thumb{width:160px}video{max-width:640px;width:100%}
        """;

    /// <summary>A whole page; with a sign-out button carrying <paramref name="signOut"/> when someone is signed in.</summary>
    public static string Page(string title, string body, FormToken? signOut) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>{E(title)} · EdgeCam</title><style>{Style}</style></head>
        <body><nav><a href="/live">Live</a><a href="/events">Events</a><a href="/health">Health</a><a href="/settings">Settings</a>{(signOut is null ? string.Empty : $"<form method=\"post\" action=\"/logout\" style=\"display:inline\">{signOut.Field()}<button id=\"logout\">Sign out</button></form>")}</nav>
        <main><h1>{E(title)}</h1>
        {body}
        </main></body></html>
        """;

    /// <summary>HTML-encodes <paramref name="text"/>.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>URL-encodes one path segment or query value.</summary>
    public static string U(string text) => Uri.EscapeDataString(text);

    /// <summary>A time as the console shows it (UTC, to the second).</summary>
    public static string Time(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "—";

    /// <summary>A size in MB.</summary>
    public static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
