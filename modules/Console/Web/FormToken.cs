using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using static EdgeCam.WebConsole.Web.Html;

namespace EdgeCam.WebConsole.Web;

/// <summary>
/// The antiforgery token a form posts back (ASP.NET Core antiforgery): its hidden field's name and value. The matching
/// cookie is set when the token is issued; a POST without both is refused before its handler runs (<see cref="ConsoleServer"/>).
/// </summary>
internal sealed record FormToken(string FieldName, string Value)
{
    /// <summary>Issues a token for the page <paramref name="context"/> answers (and sets its cookie).</summary>
    public static FormToken Issue(IAntiforgery antiforgery, HttpContext context)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new FormToken(tokens.FormFieldName, tokens.RequestToken ?? string.Empty);
    }

    /// <summary>The hidden input that carries the token.</summary>
    public string Field() => $"<input type=\"hidden\" name=\"{E(FieldName)}\" value=\"{E(Value)}\">";
}
