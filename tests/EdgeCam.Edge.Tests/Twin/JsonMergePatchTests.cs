using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;

namespace EdgeCam.Edge.Tests.Twin;

public class JsonMergePatchTests
{
    [Theory]
    [InlineData("""{"a":1,"b":{"c":2,"d":3}}""", """{"b":{"c":null,"e":4}}""", """{"a":1,"b":{"d":3,"e":4}}""")]
    [InlineData("""{"a":1}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[3]}""", """{"a":[3]}""")]
    [InlineData("""{"a":5}""", """{"a":{"b":1,"c":null}}""", """{"a":{"b":1}}""")]
    [InlineData("""{"a":{"b":1}}""", """{"a":"text"}""", """{"a":"text"}""")]
    public void Merge_Rfc7396Cases_GiveExpectedDocument(string target, string patch, string expected)
    {
        var original = JsonNode.Parse(target)!.AsObject();

        var merged = JsonMergePatch.Merge(original, JsonNode.Parse(patch)!.AsObject());

        Assert.Equal(expected, merged.ToJsonString());
        Assert.Equal(target, original.ToJsonString());
    }
}
