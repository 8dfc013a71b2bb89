using System.Text;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.Edge.IotHub.Tests.IotHub;

[Trait("Category", "Unit")]
public sealed class TopicEncodingTests
{
    private static readonly IotHubTopics Device = new("dev1", null);
    private static readonly IotHubTopics Module = new("dev1", "camera");

    [Fact]
    public void ForTelemetry_SystemAndApplicationProperties_EncodedAsTheNodeSdkDoes()
    {
        // The Node SDK capture (feasibility §4) for the same message.
        var message = new ModuleMessage(Encoding.UTF8.GetBytes("{}"))
        {
            MessageId = "msg-1",
            CorrelationId = "corr-1",
            ContentType = "application/json",
            ContentEncoding = "utf-8",
            Properties = new Dictionary<string, string> { ["eventType"] = "motion", ["camera id"] = "cam 1/a" },
        };

        var topic = MessageTopic.ForTelemetry(Device, null, message);

        Assert.Equal("devices/dev1/messages/events/%24.mid=msg-1&%24.cid=corr-1&%24.ct=application%2Fjson&%24.ce=utf-8&eventType=motion&camera%20id=cam%201%2Fa", topic);
    }

    [Fact]
    public void ForTelemetry_ModuleOutput_PutsOutputNameFirstAndEndsWithSlash()
    {
        var message = new ModuleMessage(ReadOnlyMemory<byte>.Empty) { Properties = new Dictionary<string, string> { ["eventType"] = "clip" } };

        Assert.Equal("devices/dev1/modules/camera/messages/events/%24.on=clips&eventType=clip/", MessageTopic.ForTelemetry(Module, "clips", message));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a b/c?d=e&f", "a%20b%2Fc%3Fd%3De%26f")]
    [InlineData("$.mid", "%24.mid")]
    [InlineData("keep-_.!~*'()", "keep-_.!~*'()")]
    [InlineData("é😀", "%C3%A9%F0%9F%98%80")]
    public void Escape_MatchesEncodeUriComponent(string text, string expected) => Assert.Equal(expected, PropertyBag.Escape(text));

    [Fact]
    public void Decode_NullEmptyAndEncodedValues_RoundTrip()
    {
        var pairs = new List<KeyValuePair<string, string?>> { new("bare", null), new("empty", string.Empty), new("a b", "c/d&e=f"), new("é", "😀") };

        var decoded = PropertyBag.Decode(PropertyBag.Encode(pairs));

        Assert.Equal("bare&empty=&a%20b=c%2Fd%26e%3Df&%C3%A9=%F0%9F%98%80", PropertyBag.Encode(pairs));
        Assert.Equal(pairs, decoded);
    }

    [Fact]
    public void Parse_InputBag_RestoresSystemAndApplicationProperties()
    {
        var sent = new ModuleMessage(Encoding.UTF8.GetBytes("x"))
        {
            MessageId = "m 1",
            CorrelationId = "c/1",
            ContentType = "application/json",
            ContentEncoding = "utf-8",
            Properties = new Dictionary<string, string> { ["messageType"] = "motionStarted", ["camera id"] = "cam 1/a" },
        };
        var topic = MessageTopic.ForTelemetry(Module, "motion", sent);
        var bag = topic[Module.Telemetry.Length..].TrimEnd('/') + "&%24.cmid=CameraCapture";

        var received = MessageTopic.Parse(bag, sent.Body);

        Assert.Equal((sent.MessageId, sent.CorrelationId, sent.ContentType, sent.ContentEncoding), (received.MessageId, received.CorrelationId, received.ContentType, received.ContentEncoding));
        Assert.Equal(("motion", "CameraCapture"), (received.OutputName, received.ConnectionModuleId));
        Assert.Equal(sent.Properties, received.Properties);
    }

    [Theory]
    [InlineData("$iothub/twin/res/200/?$rid=7", IncomingKind.TwinResponse, 200, "7", null, null)]
    [InlineData("$iothub/twin/res/204/?$rid=8&$version=12", IncomingKind.TwinResponse, 204, "8", 12L, null)]
    [InlineData("$iothub/twin/PATCH/properties/desired/?$version=3", IncomingKind.DesiredPatch, 0, null, 3L, null)]
    [InlineData("$iothub/methods/POST/snapshot/?$rid=9", IncomingKind.MethodRequest, 0, "9", null, "snapshot")]
    [InlineData("devices/dev1/modules/camera/inputs/control/%24.mid=in-1&cmd=arm", IncomingKind.Input, 0, null, null, "control")]
    [InlineData("devices/dev1/modules/other/inputs/control/", IncomingKind.Unexpected, 0, null, null, null)]
    [InlineData("$iothub/methods/POST/a/b/?$rid=1", IncomingKind.Unexpected, 0, null, null, null)]
    [InlineData("$iothub/twin/res/abc/?$rid=1", IncomingKind.Unexpected, 0, null, null, null)]
    [InlineData("somewhere/else", IncomingKind.Unexpected, 0, null, null, null)]
    public void Classify_Module(string topic, IncomingKind kind, int status, string? rid, long? version, string? name)
    {
        var incoming = Module.Classify(topic);

        Assert.Equal((kind, status, rid, version, name), (incoming.Kind, incoming.Status, incoming.RequestId, incoming.Version, incoming.Name));
    }

    [Fact]
    public void Classify_DeviceCloudToDevice_CarriesTheBag()
    {
        var incoming = Device.Classify("devices/dev1/messages/devicebound/%24.mid=c2d-1&%24.to=%2Fdevices%2Fdev1%2Fmessages%2Fdevicebound&cmd=reboot");
        var message = MessageTopic.Parse(incoming.PropertyBag, ReadOnlyMemory<byte>.Empty);

        Assert.Equal(IncomingKind.CloudToDevice, incoming.Kind);
        Assert.Equal("c2d-1", message.MessageId);
        Assert.Equal("reboot", message.Properties["cmd"]);
        Assert.False(message.Properties.ContainsKey("$.to"));
        Assert.Equal(IncomingKind.Unexpected, Module.Classify("devices/dev1/messages/devicebound/x").Kind);
    }

    [Fact]
    public void Topics_TwinAndMethodRequests_FollowTheContract()
    {
        Assert.Equal("$iothub/twin/GET/?$rid=1", IotHubTopics.TwinGet("1"));
        Assert.Equal("$iothub/twin/PATCH/properties/reported/?$rid=2", IotHubTopics.ReportedPatch("2"));
        Assert.Equal("$iothub/methods/res/404/?$rid=3", IotHubTopics.MethodResponse(404, "3"));
        Assert.Equal(("devices/dev1/modules/camera/inputs/#", null), (Module.InputFilter, Module.CloudToDeviceFilter));
        Assert.Equal((null, "devices/dev1/messages/devicebound/#"), (Device.InputFilter, Device.CloudToDeviceFilter));
    }
}
