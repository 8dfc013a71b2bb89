using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;

namespace EdgeCam.Edge.Routing.Tests.Routing;

public class RouteTableTests
{
    [Fact]
    public void Match_TwoRoutesToSameSink_DeliversOnceByTheHigherPriorityRoute()
    {
        var table = RouteTable.Parse(JsonNode.Parse("""
            {
              "all": "FROM /messages/modules/CameraCapture/* INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")",
              "motion": { "route": "FROM /messages/modules/CameraCapture/outputs/motion INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")", "priority": 0 },
              "up": "FROM /messages/* INTO $upstream"
            }
            """)!.AsObject());

        var matches = table.Match(Context("CameraCapture", "motion"));

        Assert.Equal(2, matches.Count);
        Assert.Equal("motion", matches[0].Route.Name);
        Assert.Equal(new ModuleInputSink("EventRouter", "motion"), matches[0].Sink);
        Assert.Equal(RouteSink.Upstream, matches[1].Sink);
    }

    [Theory]
    [InlineData("CameraCapture", "motion", true)]
    [InlineData("CameraCapture", "health", false)]
    [InlineData("camera2", "motion", false)]
    public void SinksFor_ModuleOutputSource_MatchesOnlyThatModuleAndOutput(string moduleId, string output, bool expected)
    {
        var table = Table(("r", "FROM /messages/modules/CameraCapture/outputs/motion INTO $upstream"));

        var sinks = table.SinksFor(Context(moduleId, output));

        Assert.Equal(expected, sinks.Count == 1);
    }

    [Theory]
    [InlineData("/messages/modules/CameraCapture/outputs/*", "CameraCapture", true)]
    [InlineData("/messages/modules/CameraCapture/outputs/*", "SegmentRecorder", false)]
    [InlineData("/messages/modules/CameraCapture/*", "CameraCapture", true)]
    [InlineData("/messages/modules/*", "SegmentRecorder", true)]
    [InlineData("/messages/*", "SegmentRecorder", true)]
    [InlineData("/*", "SegmentRecorder", true)]
    [InlineData("/twinChangeNotifications", "CameraCapture", false)]
    public void SinksFor_WildcardSources_MatchTheirScope(string source, string moduleId, bool expected)
    {
        var table = Table(("r", $"FROM {source} INTO $upstream"));

        var sinks = table.SinksFor(Context(moduleId, "anything"));

        Assert.Equal(expected, sinks.Count == 1);
    }

    [Fact]
    public void SinksFor_WhereOnApplicationPropertyAndConnectionModuleId_FiltersMessages()
    {
        var table = Table(
            ("alerts", "FROM /messages/* WHERE $connectionModuleId = 'EventRouter' AND severity = 'high' INTO $upstream"),
            ("trigger", "FROM /messages/* WHERE kind = 'trigger' INTO BrokeredEndpoint(\"/modules/SegmentRecorder/inputs/trigger\")"));

        var high = table.SinksFor(Context("EventRouter", "alerts", ("severity", "high")));
        var low = table.SinksFor(Context("EventRouter", "alerts", ("severity", "low")));
        var fromCamera = table.SinksFor(Context("CameraCapture", "alerts", ("severity", "high")));
        var trigger = table.SinksFor(Context("EventRouter", "trigger", ("kind", "trigger")));

        Assert.Equal([RouteSink.Upstream], high);
        Assert.Empty(low);
        Assert.Empty(fromCamera);
        Assert.Equal([new ModuleInputSink("SegmentRecorder", "trigger")], trigger);
    }

    [Fact]
    public void Parse_InvalidRoute_ThrowsNamingIt()
    {
        var routes = JsonNode.Parse("""{ "good": "FROM /* INTO $upstream", "bad": "FROM /* INTO nowhere" }""")!.AsObject();

        var ex = Assert.Throws<RouteSyntaxException>(() => RouteTable.Parse(routes));

        Assert.Equal("bad", ex.RouteName);
    }

    [Fact]
    public void Constructor_DuplicateRouteNames_Throws()
    {
        var route = RouteParser.Parse("same", "FROM /* INTO $upstream");

        var ex = Assert.Throws<RouteSyntaxException>(() => new RouteTable([route, route]));

        Assert.Contains("more than once", ex.Message, StringComparison.Ordinal);
    }

    private static RouteTable Table(params (string Name, string Text)[] routes) =>
        RouteTable.Parse(routes.Select(r => KeyValuePair.Create(r.Name, r.Text)));

    private static RouteMessageContext Context(string moduleId, string output, params (string Key, string Value)[] properties) =>
        new(moduleId, output, new ModuleMessage(ReadOnlyMemory<byte>.Empty) { Properties = properties.ToDictionary(p => p.Key, p => p.Value) });
}
