using System.Text;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// The property bag IoT Hub carries in a topic: <c>k1=v1&amp;k2=v2</c>, each name and value percent-encoded.
/// Encoding follows JavaScript's <c>encodeURIComponent</c> (what the official Node SDK sends): everything but
/// <c>A-Z a-z 0-9 - _ . ! ~ * ' ( )</c> is escaped as UTF-8 bytes, so <c>$</c> becomes <c>%24</c> and <c>/</c>
/// becomes <c>%2F</c>. A null value is written as a bare key and an empty one as <c>key=</c>, as IoT Hub does.
/// </summary>
public static class PropertyBag
{
    /// <summary>Encodes the pairs in the given order.</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string?>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var builder = new StringBuilder();
        foreach (var (name, value) in properties)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(Escape(name));
            if (value is not null)
            {
                builder.Append('=').Append(Escape(value));
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes a bag (with or without a leading <c>?</c>) into name/value pairs in wire order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Decode(string bag)
    {
        ArgumentNullException.ThrowIfNull(bag);
        var text = bag.StartsWith('?') ? bag[1..] : bag;
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            pairs.Add(equals < 0
                ? new(Uri.UnescapeDataString(part), null)
                : new(Uri.UnescapeDataString(part[..equals]), Uri.UnescapeDataString(part[(equals + 1)..])));
        }

        return pairs;
    }

    /// <summary>The value of <paramref name="name"/> in <paramref name="bag"/>, or null.</summary>
    public static string? Find(string bag, string name) =>
        Decode(bag).FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.Ordinal)).Value;

    /// <summary>Percent-encodes like <c>encodeURIComponent</c>.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (IsUnreserved(c))
            {
                builder.Append(c);
                continue;
            }

            int length = char.IsHighSurrogate(c) && i + 1 < text.Length
                ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), utf8);
            foreach (byte b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '!' or '~' or '*' or '\'' or '(' or ')';
}
