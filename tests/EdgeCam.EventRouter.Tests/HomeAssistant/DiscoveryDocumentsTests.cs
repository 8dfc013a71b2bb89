using System.Text.Json.Nodes;
using EdgeCam.EventRouter.HomeAssistant;
using EdgeCam.EventRouter.LocalMqtt;

namespace EdgeCam.EventRouter.Tests.HomeAssistant;

public sealed class DiscoveryDocumentsTests
{
    private static readonly TopicLayout Topics = new("edgecam", "pi-garage");

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var document in AllDocuments())
        {
            data.Add(document.Topic);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_EachEntity_FollowsHomeAssistantsDocumentedSchema(string topic)
    {
        var document = AllDocuments().Single(d => d.Topic == topic);

        Assert.Empty(DiscoverySchema.Check("homeassistant", document.Topic, document.Config));
    }

    [Fact]
    public void Documents_OneCameraZoneAndBuffer_UniqueIdsAreUniqueAndEveryEntityNamesTheAvailabilityTopic()
    {
        var documents = AllDocuments();

        Assert.Equal(documents.Count, documents.Select(d => (string?)d.Config["unique_id"]).Distinct().Count());
        Assert.All(documents, d => Assert.Equal("edgecam/pi-garage/status", (string?)d.Config["availability_topic"]));
        Assert.Equal(9, documents.Count);
    }

    [Fact]
    public void ForZone_NameWithSpacesAndSlash_ObjectIdUsesOnlyAllowedCharacters()
    {
        var document = DiscoveryDocuments.ForZone("homeassistant", Topics, "front/door", "garden path #2");

        Assert.Equal("homeassistant/binary_sensor/edgecam_pi-garage_front_door/zone_garden_path__2_motion/config", document.Topic);
        Assert.Equal("edgecam/pi-garage/front_door/zone/garden path _2/motion", (string?)document.Config["state_topic"]);
        Assert.Empty(DiscoverySchema.Check("homeassistant", document.Topic, document.Config));
    }

    [Fact]
    public void Check_UndocumentedKeyAndEnumWithoutOptions_NamesBoth()
    {
        // The checker itself must catch what the schema forbids, or the theory above proves nothing.
        var config = new JsonObject
        {
            ["state_topic"] = "a/b",
            ["unique_id"] = "x",
            ["device_class"] = "enum",
            ["payload_on"] = "ON",
            ["device"] = new JsonObject { ["name"] = "n" },
        };

        var errors = DiscoverySchema.Check("homeassistant", "homeassistant/sensor/node/obj/config", config);

        Assert.Contains(errors, e => e.Contains("'payload_on' is not a sensor variable", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("enum needs 'options'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("needs 'identifiers' or 'connections'", StringComparison.Ordinal));
    }

    private static List<DiscoveryDocument> AllDocuments() =>
    [
        .. DiscoveryDocuments.ForCamera("homeassistant", Topics, "CameraCapture"),
        DiscoveryDocuments.ForZone("homeassistant", Topics, "CameraCapture", "driveway"),
        .. DiscoveryDocuments.ForBuffer("homeassistant", Topics, "BlobBuffer"),
    ];
}
