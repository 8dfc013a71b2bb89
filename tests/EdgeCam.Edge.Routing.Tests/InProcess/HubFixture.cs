using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Logging;

namespace EdgeCam.Edge.Routing.Tests.InProcess;

/// <summary>Builds hubs for tests: CameraCapture → EventRouter (motion), EventRouter alerts → $upstream.</summary>
internal static class HubFixture
{
    public static readonly (string Name, string Text)[] DefaultRoutes =
    [
        ("motionToRouter", "FROM /messages/modules/CameraCapture/outputs/motion INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")"),
        ("alertsUp", "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream"),
    ];

    public static InProcessHub Create(
        RecordingUpstreamSink upstream,
        RecordingLoggerProvider logs,
        InProcessHubOptions? options = null,
        (string Name, string Text)[]? routes = null,
        Dictionary<string, JsonObject>? desired = null)
    {
        var table = RouteTable.Parse((routes ?? DefaultRoutes).Select(r => KeyValuePair.Create(r.Name, r.Text)));
        desired ??= new Dictionary<string, JsonObject>
        {
            ["CameraCapture"] = new() { ["motion"] = new JsonObject { ["threshold"] = 25 } },
            ["EventRouter"] = [],
        };
        return new InProcessHub(table, desired, upstream, TimeProvider.System, logs, options);
    }

    public static ModuleMessage Message(string body) => new(Encoding.UTF8.GetBytes(body));
}
