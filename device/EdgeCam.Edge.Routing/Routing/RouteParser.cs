using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeCam.Edge.Routing;

/// <summary>
/// Parses <c>$edgeHub</c> routes: <c>[SELECT *] FROM &lt;source&gt; [WHERE &lt;condition&gt;] INTO &lt;sink&gt;</c>,
/// keywords case-insensitive. Errors are <see cref="RouteSyntaxException"/>s naming the route and the position.
/// </summary>
public static partial class RouteParser
{
    /// <summary>Parses a route value from the manifest: a string, or (schema 1.1) <c>{ "route", "priority", "timeToLiveSecs" }</c>.</summary>
    public static Route Parse(string name, JsonNode? value)
    {
        ValidateName(name);
        switch (value)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return Parse(name, v.GetValue<string>());
            case JsonObject o:
                if (o["route"] is not JsonValue routeValue || routeValue.GetValueKind() != JsonValueKind.String)
                {
                    throw new RouteSyntaxException(name, null, "an object route needs a string property \"route\"");
                }

                int? priority = ReadOptionalInt(name, o, "priority", 0, 9);
                int? ttl = ReadOptionalInt(name, o, "timeToLiveSecs", 0, int.MaxValue);
                return Parse(name, routeValue.GetValue<string>()) with { Priority = priority, TimeToLiveSecs = ttl };
            default:
                throw new RouteSyntaxException(name, null, "a route must be a string or an object with \"route\", \"priority\" and \"timeToLiveSecs\"");
        }
    }

    /// <summary>Parses route text.</summary>
    public static Route Parse(string name, string text)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(text);
        var lexer = new RouteLexer(name, text);

        var first = lexer.Next();
        if (first.IsKeyword("SELECT"))
        {
            var star = lexer.Next();
            if (star.Text != "*")
            {
                throw lexer.Error(star.Position - 1, "expected '*' after SELECT");
            }

            first = lexer.Next();
        }

        if (!first.IsKeyword("FROM"))
        {
            throw lexer.Error(first.Position - 1, "expected FROM");
        }

        var source = ParseSource(lexer);
        RouteCondition? condition = null;
        var next = lexer.Next();
        if (next.IsKeyword("WHERE"))
        {
            lexer.SkipWhitespace();
            int conditionStart = lexer.Offset;
            var root = new ConditionParser(lexer).Parse();
            condition = new RouteCondition(text[conditionStart..lexer.Offset].Trim(), root);
            next = lexer.Next();
        }

        if (!next.IsKeyword("INTO"))
        {
            throw lexer.Error(next.Position - 1, "expected INTO");
        }

        var sink = ParseSink(lexer);
        lexer.SkipWhitespace();
        if (!lexer.AtEnd)
        {
            throw lexer.Error(lexer.Offset, "unexpected text after the sink");
        }

        return new Route(name, text, source, condition, sink);
    }

    /// <summary>Throws unless <paramref name="name"/> matches <c>^[^\.\$# ]+$</c> as edgeHub requires.</summary>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!RouteName().IsMatch(name))
        {
            throw new RouteSyntaxException(name, null, "a route name must be non-empty and contain no '.', '$', '#' or space");
        }
    }

    private static RouteSource ParseSource(RouteLexer lexer)
    {
        lexer.SkipWhitespace();
        int start = lexer.Offset;
        if (lexer.AtEnd || lexer.Current != '/')
        {
            throw lexer.Error(start, "expected a source path such as /messages/modules/{id}/outputs/{output}");
        }

        string path = lexer.ReadUntil(string.Empty);
        return RouteSource.TryParse(path)
            ?? throw lexer.Error(start, $"unsupported source '{path}' (use /*, /messages/*, /messages/modules/*, /messages/modules/{{id}}/*, "
                + "/messages/modules/{id}/outputs/*, /messages/modules/{id}/outputs/{output} or /twinChangeNotifications)");
    }

    private static RouteSink ParseSink(RouteLexer lexer)
    {
        lexer.SkipWhitespace();
        int start = lexer.Offset;
        if (lexer.AtEnd)
        {
            throw lexer.Error(start, "expected a sink ($upstream or BrokeredEndpoint(\"/modules/{id}/inputs/{input}\")) but the route ended");
        }

        string word = lexer.ReadUntil("(");
        if (word.StartsWith('$'))
        {
            return string.Equals(word, "$upstream", StringComparison.OrdinalIgnoreCase)
                ? RouteSink.Upstream
                : throw lexer.Error(start, $"unsupported sink '{word}' (only $upstream and BrokeredEndpoint(...))");
        }

        if (!string.Equals(word, "BrokeredEndpoint", StringComparison.OrdinalIgnoreCase))
        {
            throw lexer.Error(start, $"unsupported sink '{word}' (only $upstream and BrokeredEndpoint(...))");
        }

        ExpectChar(lexer, '(');
        lexer.SkipWhitespace();
        int pathStart = lexer.Offset;
        if (lexer.AtEnd || (lexer.Current != '"' && lexer.Current != '\''))
        {
            throw lexer.Error(pathStart, "expected a quoted endpoint path in BrokeredEndpoint(...)");
        }

        string endpoint = lexer.ReadString();
        ExpectChar(lexer, ')');
        string[] parts = endpoint.Split('/');
        return parts is ["", "modules", var id, "inputs", var input] && RouteSource.IsName(id) && RouteSource.IsName(input)
            ? new ModuleInputSink(id, input)
            : throw lexer.Error(pathStart, $"unsupported endpoint '{endpoint}' (expected /modules/{{id}}/inputs/{{input}})");
    }

    private static void ExpectChar(RouteLexer lexer, char expected)
    {
        lexer.SkipWhitespace();
        if (lexer.AtEnd || lexer.Current != expected)
        {
            throw lexer.Error(lexer.Offset, $"expected '{expected}'");
        }

        lexer.Offset++;
    }

    private static int? ReadOptionalInt(string name, JsonObject route, string property, int min, int max)
    {
        if (!route.TryGetPropertyValue(property, out var node) || node is null)
        {
            return null;
        }

        return node is JsonValue v && v.TryGetValue(out int value) && value >= min && value <= max
            ? value
            : throw new RouteSyntaxException(name, null, $"\"{property}\" must be an integer between {min} and {max}, got {node.ToJsonString()}");
    }

    [GeneratedRegex(@"^[^\.\$# ]+$")]
    private static partial Regex RouteName();
}
