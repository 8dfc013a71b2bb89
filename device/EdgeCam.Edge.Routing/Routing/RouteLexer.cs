using System.Globalization;
using System.Text;

namespace EdgeCam.Edge.Routing;

/// <summary>
/// Splits route text into tokens. The route parser moves <see cref="Offset"/> itself for the parts that are not
/// expressions (the source path and the sink); conditions are read token by token.
/// </summary>
internal sealed class RouteLexer
{
    private readonly string _text;
    private readonly string _routeName;

    public RouteLexer(string routeName, string text)
    {
        _routeName = routeName;
        _text = text;
    }

    /// <summary>0-based offset of the next character to read.</summary>
    public int Offset { get; set; }

    public bool AtEnd => Offset >= _text.Length;

    public char Current => _text[Offset];

    public RouteSyntaxException Error(int offset, string reason) => new(_routeName, offset + 1, reason);

    public void SkipWhitespace()
    {
        while (!AtEnd && char.IsWhiteSpace(Current))
        {
            Offset++;
        }
    }

    /// <summary>Reads a run of characters up to whitespace or one of <paramref name="stops"/>.</summary>
    public string ReadUntil(string stops)
    {
        int start = Offset;
        while (!AtEnd && !char.IsWhiteSpace(Current) && !stops.Contains(Current, StringComparison.Ordinal))
        {
            Offset++;
        }

        return _text[start..Offset];
    }

    public RouteToken Peek()
    {
        int saved = Offset;
        var token = Next();
        Offset = saved;
        return token;
    }

    public RouteToken Next()
    {
        SkipWhitespace();
        if (AtEnd)
        {
            return new RouteToken(RouteTokenKind.End, string.Empty, _text.Length + 1);
        }

        int start = Offset;
        char c = Current;
        if (c == '\'' || c == '"')
        {
            string value = ReadString();
            return new RouteToken(RouteTokenKind.String, _text[start..Offset], start + 1, value);
        }

        if (char.IsAsciiDigit(c) || (c == '-' && Offset + 1 < _text.Length && char.IsAsciiDigit(_text[Offset + 1])))
        {
            return ReadNumber();
        }

        if (IsIdentifierStart(c) || (c == '$' && Offset + 1 < _text.Length && IsIdentifierStart(_text[Offset + 1])))
        {
            Offset++;
            while (!AtEnd && IsIdentifierPart(Current))
            {
                Offset++;
            }

            var kind = c == '$' ? RouteTokenKind.SystemProperty : RouteTokenKind.Identifier;
            return new RouteToken(kind, _text[start..Offset], start + 1);
        }

        return ReadSymbol();
    }

    private RouteToken ReadSymbol()
    {
        int start = Offset;
        string two = Offset + 1 < _text.Length ? _text.Substring(Offset, 2) : string.Empty;
        if (two is "!=" or "<>" or "<=" or ">=")
        {
            Offset += 2;
            return new RouteToken(RouteTokenKind.Comparison, two, start + 1);
        }

        if (two is "||" or "??")
        {
            Offset += 2;
            return new RouteToken(RouteTokenKind.UnsupportedOperator, two, start + 1);
        }

        char c = Current;
        Offset++;
        return c switch
        {
            '(' => new RouteToken(RouteTokenKind.OpenParen, "(", start + 1),
            ')' => new RouteToken(RouteTokenKind.CloseParen, ")", start + 1),
            ',' => new RouteToken(RouteTokenKind.Comma, ",", start + 1),
            '=' or '<' or '>' => new RouteToken(RouteTokenKind.Comparison, c.ToString(), start + 1),
            '+' or '-' or '*' or '/' or '%' => new RouteToken(RouteTokenKind.UnsupportedOperator, c.ToString(), start + 1),
            _ => new RouteToken(RouteTokenKind.Invalid, c.ToString(), start + 1),
        };
    }

    private RouteToken ReadNumber()
    {
        int start = Offset;
        if (Current == '-')
        {
            Offset++;
        }

        if (Current == '0' && Offset + 1 < _text.Length && (_text[Offset + 1] is 'x' or 'X'))
        {
            throw Error(start, "hexadecimal numbers are not supported yet");
        }

        SkipDigits();
        if (!AtEnd && Current == '.')
        {
            Offset++;
            SkipDigits();
        }

        if (!AtEnd && (Current is 'e' or 'E'))
        {
            Offset++;
            if (!AtEnd && (Current is '+' or '-'))
            {
                Offset++;
            }

            SkipDigits();
        }

        string text = _text[start..Offset];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || (!AtEnd && IsIdentifierPart(Current)))
        {
            throw Error(start, $"invalid number '{text}'");
        }

        return new RouteToken(RouteTokenKind.Number, text, start + 1);
    }

    private void SkipDigits()
    {
        while (!AtEnd && char.IsAsciiDigit(Current))
        {
            Offset++;
        }
    }

    /// <summary>Reads a single- or double-quoted string with the escapes edgeHub accepts: \' \" \\ \uXXXX.</summary>
    public string ReadString()
    {
        int start = Offset;
        char quote = Current;
        Offset++;
        var value = new StringBuilder();
        while (!AtEnd && Current != quote)
        {
            if (Current != '\\')
            {
                value.Append(Current);
                Offset++;
                continue;
            }

            if (Offset + 1 >= _text.Length)
            {
                break;
            }

            char escaped = _text[Offset + 1];
            if (escaped is '\'' or '"' or '\\')
            {
                value.Append(escaped);
                Offset += 2;
            }
            else if (escaped == 'u' && Offset + 5 < _text.Length
                && int.TryParse(_text.AsSpan(Offset + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
            {
                value.Append((char)code);
                Offset += 6;
            }
            else
            {
                throw Error(Offset, $"invalid escape '\\{escaped}' in string (use \\', \\\", \\\\ or \\uXXXX)");
            }
        }

        if (AtEnd)
        {
            throw Error(start, "unterminated string");
        }

        Offset++;
        return value.ToString();
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
}
