using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// Shared Key authorization for the Blob service (version 2009-09-19 and later): builds the string-to-sign exactly
/// as the service (and Azurite's BlobSharedKeyAuthenticator) does and adds <c>Authorization: SharedKey account:signature</c>.
/// The key never leaves this class.
/// </summary>
public sealed class SharedKeySigner
{
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    private readonly string _accountName;
    private readonly byte[] _accountKey;

    public SharedKeySigner(string accountName, byte[] accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentNullException.ThrowIfNull(accountKey);
        _accountName = accountName;
        _accountKey = accountKey;
    }

    /// <summary>Adds the Authorization header. The request must already carry <c>x-ms-date</c> and <c>x-ms-version</c>.</summary>
    public void Sign(BlobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signature = ComputeSignature(BuildStringToSign(request, _accountName));
        request.Headers["Authorization"] = $"SharedKey {_accountName}:{signature}";
    }

    /// <summary>Base64 HMAC-SHA256 of <paramref name="stringToSign"/> with the account key.</summary>
    public string ComputeSignature(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_accountKey, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>
    /// VERB, the 11 standard headers (Content-Length empty when 0, Date empty because x-ms-date is used),
    /// the canonicalized x-ms headers, then the canonicalized resource.
    /// </summary>
    public static string BuildStringToSign(BlobRequest request, string accountName)
    {
        ArgumentNullException.ThrowIfNull(request);
        var builder = new StringBuilder();
        builder.Append(request.Method.Method.ToUpperInvariant()).Append('\n');
        foreach (var name in StandardHeaders)
        {
            builder.Append(StandardHeaderValue(request, name)).Append('\n');
        }

        AppendCanonicalizedHeaders(builder, request);
        AppendCanonicalizedResource(builder, request.Uri, accountName);
        return builder.ToString();
    }

    private static string StandardHeaderValue(BlobRequest request, string name)
    {
        if (name == "Content-Length")
        {
            // Version 2015-02-21 and later: a zero length is signed as an empty string.
            var length = request.Body.Length;
            return length == 0 ? string.Empty : length.ToString(CultureInfo.InvariantCulture);
        }

        return name == "Date" ? string.Empty : request.Header(name);
    }

    private static void AppendCanonicalizedHeaders(StringBuilder builder, BlobRequest request)
    {
        var msHeaders = request.Headers
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.Trim().ToLowerInvariant(), Value: CollapseWhitespace(h.Value.Trim())))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in msHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    private static void AppendCanonicalizedResource(StringBuilder builder, Uri uri, string accountName)
    {
        // Path-style (emulator) URLs already hold the account in the path; the service prefixes it again.
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return;
        }

        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!parameters.TryGetValue(name, out var values))
            {
                parameters[name] = values = [];
            }

            values.Add(value);
        }

        foreach (var (name, values) in parameters)
        {
            values.Sort(StringComparer.Ordinal);
            builder.Append('\n').Append(name).Append(':').AppendJoin(',', values);
        }
    }

    private static string CollapseWhitespace(string value)
    {
        if (!value.Contains("  ", StringComparison.Ordinal) && !value.Contains('\t', StringComparison.Ordinal))
        {
            return value;
        }

        return string.Join(' ', value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
