using System.Text.Json.Nodes;
using EdgeCam.Edge.Routing;

namespace EdgeCam.Edge.Routing.Tests.Routing;

public class RouteParserTests
{
    [Theory]
    [InlineData("/*", RouteSourceKind.All, null, null)]
    [InlineData("/twinChangeNotifications", RouteSourceKind.TwinChangeNotifications, null, null)]
    [InlineData("/messages/*", RouteSourceKind.AllMessages, null, null)]
    [InlineData("/messages/modules/*", RouteSourceKind.AllModules, null, null)]
    [InlineData("/messages/modules/CameraCapture/*", RouteSourceKind.Module, "CameraCapture", null)]
    [InlineData("/messages/modules/CameraCapture/outputs/*", RouteSourceKind.ModuleOutputs, "CameraCapture", null)]
    [InlineData("/messages/modules/CameraCapture/outputs/motion", RouteSourceKind.ModuleOutput, "CameraCapture", "motion")]
    public void Parse_EachSourceForm_ReadsKindModuleAndOutput(string path, RouteSourceKind kind, string? moduleId, string? output)
    {
        string text = $"FROM {path} INTO $upstream";

        var route = RouteParser.Parse("r", text);

        Assert.Equal(new RouteSource(kind, path, moduleId, output), route.Source);
    }

    [Fact]
    public void Parse_BrokeredEndpoint_ReadsModuleAndInput()
    {
        var route = RouteParser.Parse("r", "FROM /messages/modules/CameraCapture/outputs/motion INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")");

        Assert.Equal(new ModuleInputSink("EventRouter", "motion"), route.Sink);
        Assert.Null(route.Condition);
    }

    [Theory]
    [InlineData("from /* into $upstream")]
    [InlineData("From /* Into $UPSTREAM")]
    [InlineData("SELECT * FROM /* INTO $upstream")]
    [InlineData("  FROM   /*\n\tINTO   $upstream  ")]
    public void Parse_KeywordCaseAndWhitespace_AreAccepted(string text)
    {
        var route = RouteParser.Parse("r", text);

        Assert.Equal(RouteSink.Upstream, route.Sink);
    }

    [Fact]
    public void Parse_SingleQuotedEndpoint_IsAccepted()
    {
        var route = RouteParser.Parse("r", "FROM /* INTO brokeredendpoint('/modules/a/inputs/b')");

        Assert.Equal(new ModuleInputSink("a", "b"), route.Sink);
    }

    [Fact]
    public void Parse_WhereClause_KeepsConditionText()
    {
        var route = RouteParser.Parse("r", "FROM /* WHERE level = 'critical' INTO $upstream");

        Assert.Equal("level = 'critical'", route.Condition?.Text);
    }

    [Fact]
    public void Parse_ObjectValue_ReadsPriorityAndTimeToLive()
    {
        var value = JsonNode.Parse("""{ "route": "FROM /* INTO $upstream", "priority": 2, "timeToLiveSecs": 86400 }""");

        var route = RouteParser.Parse("up", value);

        Assert.Equal(2, route.Priority);
        Assert.Equal(86400, route.TimeToLiveSecs);
        Assert.Equal(RouteSink.Upstream, route.Sink);
    }

    [Theory]
    [InlineData("""{ "route": "FROM /* INTO $upstream", "priority": 10 }""", "\"priority\" must be an integer between 0 and 9")]
    [InlineData("""{ "priority": 1 }""", "needs a string property \"route\"")]
    [InlineData("""42""", "must be a string or an object")]
    public void Parse_InvalidObjectValue_Throws(string json, string expected)
    {
        var value = JsonNode.Parse(json);

        var ex = Assert.Throws<RouteSyntaxException>(() => RouteParser.Parse("up", value));

        Assert.Contains("route 'up'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("$route")]
    [InlineData("a#b")]
    [InlineData("a b")]
    [InlineData("")]
    public void Parse_InvalidRouteName_Throws(string name)
    {
        var ex = Assert.Throws<RouteSyntaxException>(() => RouteParser.Parse(name, "FROM /* INTO $upstream"));

        Assert.Equal(name, ex.RouteName);
        Assert.Null(ex.Position);
    }

    [Fact]
    public void Parse_MissingInto_NamesRouteAndPosition()
    {
        const string text = "FROM /messages/modules/CameraCapture/outputs/motion TO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")";

        var ex = Assert.Throws<RouteSyntaxException>(() => RouteParser.Parse("motionToRouter", text));

        Assert.Equal("route 'motionToRouter': expected INTO at position 53", ex.Message);
        Assert.Equal(53, ex.Position);
    }

    [Theory]
    [InlineData("INTO $upstream", "expected FROM", 1)]
    [InlineData("FROM messages INTO $upstream", "expected a source path", 6)]
    [InlineData("FROM /messages/modules/a/inputs/b INTO $upstream", "unsupported source '/messages/modules/a/inputs/b'", 6)]
    [InlineData("FROM /messages//* INTO $upstream", "unsupported source", 6)]
    [InlineData("FROM /* INTO", "expected a sink", 13)]
    [InlineData("FROM /* INTO $downstream", "unsupported sink '$downstream'", 14)]
    [InlineData("FROM /* INTO Endpoint(\"/modules/a/inputs/b\")", "unsupported sink 'Endpoint'", 14)]
    [InlineData("FROM /* INTO BrokeredEndpoint(\"/modules/a/outputs/b\")", "unsupported endpoint '/modules/a/outputs/b'", 31)]
    [InlineData("FROM /* INTO BrokeredEndpoint(\"/modules/a/inputs/b\"", "expected ')'", 52)]
    [InlineData("FROM /* INTO $upstream extra", "unexpected text after the sink", 24)]
    [InlineData("FROM /* WHERE INTO $upstream", "expected a value but found the keyword INTO", 15)]
    [InlineData("FROM /* WHERE a = 'x INTO $upstream", "unterminated string", 19)]
    [InlineData("FROM /* WHERE (a = 'x' INTO $upstream", "expected ')' but found 'INTO'", 24)]
    [InlineData("FROM /* WHERE a = INTO $upstream", "expected a value but found the keyword INTO", 19)]
    [InlineData("FROM /* WHERE a INTO $upstream", "must be a comparison", 15)]
    [InlineData("FROM /* WHERE a = 'x' AND b INTO $upstream", "expected a condition but found 'b'", 27)]
    [InlineData("FROM /* WHERE a = 'x\\n' INTO $upstream", "invalid escape '\\n'", 21)]
    [InlineData("FROM /* WHERE a = 1x INTO $upstream", "invalid number '1'", 19)]
    public void Parse_SyntaxError_NamesReasonAndPosition(string text, string reason, int position)
    {
        var ex = Assert.Throws<RouteSyntaxException>(() => RouteParser.Parse("r1", text));

        Assert.StartsWith("route 'r1': ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
        Assert.Equal(position, ex.Position);
    }

    [Theory]
    [InlineData("FROM /* WHERE $body.level = 'x' INTO $upstream", "body queries ('$body.level') are not supported yet")]
    [InlineData("FROM /* WHERE $iothub-enqueuedtime > 1 INTO $upstream", "system property '$iothub-enqueuedtime' is not supported yet")]
    [InlineData("FROM /* WHERE upper(level) = 'X' INTO $upstream", "function 'upper' is not supported yet (only IS_DEFINED is)")]
    [InlineData("FROM /* WHERE a + 1 = 2 INTO $upstream", "operator '+' is not supported yet")]
    [InlineData("FROM /* WHERE a || b = 'x' INTO $upstream", "operator '||' is not supported yet")]
    [InlineData("FROM /* WHERE a = null INTO $upstream", "the literal 'null' is not supported yet")]
    [InlineData("FROM /* WHERE {$x} = 'a' INTO $upstream", "escaped property names ({...}) are not supported yet")]
    [InlineData("FROM /* WHERE a = 0x1F INTO $upstream", "hexadecimal numbers are not supported yet")]
    public void Parse_UnsupportedFeature_SaysNotSupportedYet(string text, string reason)
    {
        var ex = Assert.Throws<RouteSyntaxException>(() => RouteParser.Parse("r2", text));

        Assert.Equal(reason, ex.Reason);
        Assert.NotNull(ex.Position);
    }
}
