using System.Globalization;

namespace EdgeCam.Edge.Routing;

/// <summary>
/// Recursive-descent parser of the <c>WHERE</c> subset EdgeCam supports. Precedence, lowest first:
/// OR, AND, NOT, comparison. Stops before the INTO keyword.
/// </summary>
internal sealed class ConditionParser
{
    private static readonly Dictionary<string, Func<RouteMessageContext, string?>> SystemProperties = new(StringComparer.Ordinal)
    {
        ["$connectionModuleId"] = c => c.ModuleId,
        ["$connectionDeviceId"] = c => c.DeviceId,
        ["$contentType"] = c => c.Message.ContentType,
        ["$contentEncoding"] = c => c.Message.ContentEncoding,
        ["$messageId"] = c => c.Message.MessageId,
        ["$correlationId"] = c => c.Message.CorrelationId,
    };

    private readonly RouteLexer _lexer;

    public ConditionParser(RouteLexer lexer)
    {
        _lexer = lexer;
    }

    public ConditionNode Parse()
    {
        var start = _lexer.Peek();
        var node = ParseOr();
        if (!node.IsBoolean)
        {
            throw _lexer.Error(start.Position - 1, "the WHERE condition must be a comparison, IS_DEFINED(...), AND, OR or NOT");
        }

        return node;
    }

    private ConditionNode ParseOr()
    {
        var left = ParseAnd();
        while (_lexer.Peek().IsKeyword("OR"))
        {
            _lexer.Next();
            left = new LogicalNode(IsAnd: false, left, RequireBoolean(ParseAnd));
        }

        return left;
    }

    private ConditionNode ParseAnd()
    {
        var left = ParseNot();
        while (_lexer.Peek().IsKeyword("AND"))
        {
            _lexer.Next();
            left = new LogicalNode(IsAnd: true, left, RequireBoolean(ParseNot));
        }

        return left;
    }

    private ConditionNode ParseNot()
    {
        if (_lexer.Peek().IsKeyword("NOT"))
        {
            _lexer.Next();
            return new NotNode(RequireBoolean(ParseNot));
        }

        return ParseComparison();
    }

    private ConditionNode RequireBoolean(Func<ConditionNode> parse)
    {
        var start = _lexer.Peek();
        var node = parse();
        return node.IsBoolean ? node : throw _lexer.Error(start.Position - 1, $"expected a condition but found '{start.Text}'");
    }

    private ConditionNode ParseComparison()
    {
        var left = ParseOperand();
        var next = _lexer.Peek();
        if (next.Kind == RouteTokenKind.UnsupportedOperator)
        {
            throw _lexer.Error(next.Position - 1, $"operator '{next.Text}' is not supported yet");
        }

        if (next.Kind != RouteTokenKind.Comparison)
        {
            return left;
        }

        _lexer.Next();
        var right = ParseOperand();
        return new ComparisonNode(next.Text, left, right);
    }

    private ConditionNode ParseOperand()
    {
        var token = _lexer.Next();
        int offset = token.Position - 1;
        switch (token.Kind)
        {
            case RouteTokenKind.String:
                return new LiteralNode(QueryValue.FromString(token.Value));
            case RouteTokenKind.Number:
                return new LiteralNode(QueryValue.FromNumber(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture)));
            case RouteTokenKind.OpenParen:
                var inner = ParseOr();
                Expect(RouteTokenKind.CloseParen, "')'");
                return inner;
            case RouteTokenKind.SystemProperty:
                return ParseSystemProperty(token);
            case RouteTokenKind.Identifier:
                return ParseIdentifier(token);
            case RouteTokenKind.End:
                throw _lexer.Error(offset, "expected a value or condition but the route ended");
            case RouteTokenKind.UnsupportedOperator:
                throw _lexer.Error(offset, $"operator '{token.Text}' is not supported yet");
            case RouteTokenKind.Invalid when token.Text == "{":
                throw _lexer.Error(offset, "escaped property names ({...}) are not supported yet");
            default:
                throw _lexer.Error(offset, $"unexpected '{token.Text}'");
        }
    }

    private SystemPropertyNode ParseSystemProperty(RouteToken token)
    {
        if (token.Text.StartsWith("$body", StringComparison.Ordinal))
        {
            throw _lexer.Error(token.Position - 1, $"body queries ('{token.Text}') are not supported yet");
        }

        return SystemProperties.TryGetValue(token.Text, out var read)
            ? new SystemPropertyNode(token.Text, read)
            : throw _lexer.Error(token.Position - 1, $"system property '{token.Text}' is not supported yet");
    }

    private ConditionNode ParseIdentifier(RouteToken token)
    {
        int offset = token.Position - 1;
        if (_lexer.Peek().Kind == RouteTokenKind.OpenParen)
        {
            if (!token.IsKeyword("IS_DEFINED"))
            {
                throw _lexer.Error(offset, $"function '{token.Text}' is not supported yet (only IS_DEFINED is)");
            }

            _lexer.Next();
            var operand = ParseOperand();
            if (operand is not (ApplicationPropertyNode or SystemPropertyNode))
            {
                throw _lexer.Error(offset, "IS_DEFINED takes a property");
            }

            Expect(RouteTokenKind.CloseParen, "')'");
            return new IsDefinedNode(operand);
        }

        if (token.Text is "true" or "false")
        {
            return new LiteralNode(QueryValue.FromBoolean(token.Text == "true"));
        }

        if (token.Text is "null" or "undefined")
        {
            throw _lexer.Error(offset, $"the literal '{token.Text}' is not supported yet");
        }

        foreach (string keyword in new[] { "AND", "OR", "NOT", "INTO", "WHERE", "FROM" })
        {
            if (token.IsKeyword(keyword))
            {
                throw _lexer.Error(offset, $"expected a value but found the keyword {keyword.ToUpperInvariant()}");
            }
        }

        return new ApplicationPropertyNode(token.Text);
    }

    private void Expect(RouteTokenKind kind, string what)
    {
        var token = _lexer.Next();
        if (token.Kind != kind)
        {
            string found = token.Kind == RouteTokenKind.End ? "the end of the route" : $"'{token.Text}'";
            throw _lexer.Error(token.Position - 1, $"expected {what} but found {found}");
        }
    }
}
