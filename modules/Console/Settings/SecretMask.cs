using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeCam.WebConsole.Settings;

/// <summary>
/// Hides secrets before settings are shown: the value of every property whose name says it holds one (password,
/// key, token, secret, connection string, SAS), and anything shaped like a connection string's key or a SAS
/// signature inside any other string.
/// </summary>
public static partial class SecretMask
{
    /// <summary>What a hidden value is shown as.</summary>
    public const string Mask = "********";

    /// <summary>A deep copy of <paramref name="node"/> with its secrets replaced by <see cref="Mask"/>.</summary>
    public static JsonNode? Apply(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, IsSecretName(kv.Key) && kv.Value is not (JsonObject or JsonArray) ? (kv.Value is null ? null : (JsonNode)JsonValue.Create(Mask)) : Apply(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Apply)]),
        JsonValue v when v.TryGetValue<string>(out var text) => JsonValue.Create(Text(text)),
        _ => node?.DeepClone(),
    };

    /// <summary><paramref name="text"/> with connection-string keys, SAS signatures and URL passwords masked.</summary>
    public static string Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = KeyValueSecret().Replace(text, m => m.Groups[1].Value + "=" + Mask);
        text = UrlPassword().Replace(text, m => m.Groups[1].Value + Mask + "@");
        return text;
    }

    /// <summary>True when a property named <paramref name="name"/> holds a secret.</summary>
    public static bool IsSecretName(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower.Contains("password", StringComparison.Ordinal) || lower.Contains("secret", StringComparison.Ordinal)
            || lower.Contains("token", StringComparison.Ordinal) || lower.EndsWith("key", StringComparison.Ordinal)
            || lower.Contains("connectionstring", StringComparison.Ordinal) || lower.Contains("sas", StringComparison.Ordinal);
    }

    // AccountKey=…, SharedAccessKey=…, sig=… (SAS), in a connection string or a URL query.
    [GeneratedRegex("(AccountKey|SharedAccessKey|SharedAccessSignature|sig|password|pwd)=[^;&\\s\"]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValueSecret();

    // scheme://user:password@host
    [GeneratedRegex("([a-z][a-z0-9+.-]*://[^:/@\\s]+:)[^@/\\s]+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();
}
