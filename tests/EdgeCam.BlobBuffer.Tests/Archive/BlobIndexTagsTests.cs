using EdgeCam.BlobBuffer.Archive;
using EdgeCam.BlobBuffer.Store;

namespace EdgeCam.BlobBuffer.Tests.Archive;

[Trait("Category", "Unit")]
public sealed class BlobIndexTagsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);

    [Fact]
    public void For_ClipPartWithMotion_TagsTheEventNotThePartWithScoreAndZones()
    {
        var clip = Clip("cam1", "evt7.part3", BlobKinds.Clip);

        var tags = BlobIndexTags.For(clip, new EventMotion("cam1", "evt7", 0.4567, ["yard", "door"]));

        Assert.Equal(
            new Dictionary<string, string> { ["camera"] = "cam1", ["event"] = "evt7", ["kind"] = "clip", ["score"] = "0.457", ["zones"] = "door yard" },
            tags);
    }

    [Fact]
    public void For_WithoutMotion_OnlyCameraEventAndKind()
    {
        var tags = BlobIndexTags.For(Clip("cam1", "20261121T0530", BlobKinds.Footage), motion: null);

        Assert.Equal(new Dictionary<string, string> { ["camera"] = "cam1", ["event"] = "20261121T0530", ["kind"] = "footage" }, tags);
    }

    [Fact]
    public void For_MotionWithoutZones_HasNoZonesTag()
    {
        Assert.False(BlobIndexTags.For(Clip("cam1", "e", BlobKinds.Snapshot), new EventMotion("cam1", "e", 0.1, [])).ContainsKey("zones"));
    }

    [Theory]
    [InlineData(0.0, "0.000")]
    [InlineData(0.05, "0.050")]
    [InlineData(0.5, "0.500")]
    [InlineData(1.0, "1.000")]
    [InlineData(1.7, "1.000")]
    public void ScoreValue_AnyScore_FixedWidthSoStringOrderIsNumericOrder(double score, string expected)
    {
        Assert.Equal(expected, BlobIndexTags.ScoreValue(score));
    }

    [Fact]
    public void ZonesValue_NamesOutsideTheTagAlphabet_AreSanitizedSortedDistinctAndSpaceSeparated()
    {
        var value = BlobIndexTags.ZonesValue(["Haustür", "front door", "a&b", "yard", "yard", "x:1=2/3+4.5_6-7"]);

        Assert.Equal("Haust_r a_b front_door x:1=2/3+4.5_6-7 yard", value);
        Assert.All(value, c => Assert.True(BlobIndexTags.IsAllowed(c), $"'{c}' is not allowed in a tag value"));
    }

    [Fact]
    public void ZonesValue_ManyLongNames_CutTo256Characters()
    {
        var value = BlobIndexTags.ZonesValue(Enumerable.Range(0, 40).Select(i => $"zone-{i:d2}-{new string('z', 20)}"));

        Assert.Equal(BlobIndexTags.MaxValueLength, value.Length);
    }

    [Theory]
    [InlineData("evt1", "evt1")]
    [InlineData("evt1.part2", "evt1")]
    [InlineData("evt1.part", "evt1.part")]
    [InlineData("evt1.partx", "evt1.partx")]
    public void EventOf_ClipIds_StripsOnlyAPartSuffix(string eventId, string expected)
    {
        Assert.Equal(expected, BlobIndexTags.EventOf(eventId));
    }

    private static BufferedClip Clip(string camera, string eventId, string kind) =>
        new($"{camera}-{eventId}", camera, eventId, "clips/x.mp4", T0, T0.AddSeconds(10), 10, "AAAAAAAAAAAAAAAAAAAAAA==", T0) { Kind = kind };
}
