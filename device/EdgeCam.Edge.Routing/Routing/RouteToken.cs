namespace EdgeCam.Edge.Routing;

/// <summary>The kinds of token in a route condition.</summary>
internal enum RouteTokenKind
{
    End,
    Identifier,
    SystemProperty,
    String,
    Number,
    OpenParen,
    CloseParen,
    Comma,
    Comparison,
    UnsupportedOperator,
    Invalid,
}

/// <summary>One token; <see cref="Position"/> is 1-based in the route text.</summary>
internal readonly record struct RouteToken(RouteTokenKind Kind, string Text, int Position, string? Value = null)
{
    public bool IsKeyword(string keyword) => Kind == RouteTokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
}
