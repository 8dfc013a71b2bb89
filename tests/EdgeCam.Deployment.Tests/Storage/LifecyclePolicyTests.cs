using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer.Archive;
using EdgeCam.BlobBuffer.Settings;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Upload;

namespace EdgeCam.Deployment.Tests.Storage;

/// <summary>
/// deployment/storage/lifecycle-policy.json against the documented rules of an Azure Storage lifecycle-management
/// policy and against the blobs BlobBuffer really writes (names, <c>kind</c> tags, default container). Only a real
/// storage account runs it (once a day); these checks keep the file one that account would accept and that matches.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LifecyclePolicyTests
{
    private static readonly string[] Kinds = [BlobKinds.Clip, BlobKinds.Snapshot, BlobKinds.Footage, BlobKinds.Export, BlobKinds.Timelapse];

    // The order blobs move through the tiers, and the days each tier bills at least (early deletion).
    private static readonly (string Action, int MinimumDays)[] Steps = [("tierToCool", 30), ("tierToCold", 90), ("tierToArchive", 180), ("delete", 0)];

    private static readonly DateTimeOffset Start = new(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Policy_Document_HasOnlyRulesAndBetweenOneAndAHundredOfThem()
    {
        var policy = Policy();

        Assert.Equal(["rules"], policy.Select(p => p.Key));
        Assert.InRange(Rules().Count, 1, 100);
    }

    [Fact]
    public void Rules_EachOne_NamedUniquelyWithUpTo256AlphanumericsOfTypeLifecycleAndEnabled()
    {
        var names = Rules().Select(r => (string)r["name"]!).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name => Assert.True(name.Length is > 0 and <= 256 && name.All(char.IsAsciiLetterOrDigit), $"rule name '{name}' is not 1-256 alphanumerics"));
        Assert.All(Rules(), rule => Assert.Equal(("Lifecycle", true), ((string)rule["type"]!, (bool)rule["enabled"]!)));
        Assert.All(Rules(), rule => Assert.Equal(["definition", "enabled", "name", "type"], rule.Select(p => p.Key).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Filters_EachRule_BlockBlobsInTheDefaultContainerAndOneKindTagWithValidValues()
    {
        var container = new BlobBufferSettings().Container;

        foreach (var rule in Rules())
        {
            var filters = rule["definition"]!["filters"]!.AsObject();
            Assert.Equal(["blockBlob"], filters["blobTypes"]!.AsArray().Select(t => (string)t!));
            var prefixes = filters["prefixMatch"]!.AsArray().Select(p => (string)p!).ToList();
            Assert.InRange(prefixes.Count, 1, 10);
            Assert.All(prefixes, prefix => Assert.StartsWith(container + "/", prefix, StringComparison.Ordinal));
            var tags = filters["blobIndexMatch"]!.AsArray().Select(t => t!.AsObject()).ToList();
            Assert.InRange(tags.Count, 1, 10);
            Assert.All(tags, tag => Assert.Equal(("==", true), ((string)tag["op"]!, ((string)tag["value"]!).All(BlobIndexTags.IsAllowed))));
            Assert.Equal(BlobIndexTags.Kind, (string)Assert.Single(tags)["name"]!);
        }
    }

    [Fact]
    public void Filters_EveryKindBlobBufferTags_MatchedByExactlyOneRuleWhosePrefixMatchesItsRealBlobName()
    {
        var container = new BlobBufferSettings().Container;

        foreach (var kind in Kinds)
        {
            var rule = Assert.Single(Rules(), r => KindOf(r) == kind);
            var clip = new BufferedClip("id", "cam1", "evt1", "clips/cam1/evt1.mp4", Start, Start.AddSeconds(20), 1, "AAAAAAAAAAAAAAAAAAAAAA==", Start) { Kind = kind };
            var path = $"{container}/{BlobNaming.For(clip)}";
            var prefixes = rule["definition"]!["filters"]!["prefixMatch"]!.AsArray().Select(p => (string)p!);
            Assert.Contains(prefixes, prefix => path.StartsWith(prefix, StringComparison.Ordinal));
            Assert.Equal(kind, BlobIndexTags.For(clip, motion: null)[BlobIndexTags.Kind]);
        }
    }

    [Fact]
    public void Actions_EachRule_KnownBaseBlobActionsWithOneAgeConditionIncreasingAlongTheTiersAndPastEachTiersMinimum()
    {
        foreach (var rule in Rules())
        {
            var name = (string)rule["name"]!;
            var actions = rule["definition"]!["actions"]!.AsObject();
            Assert.Equal(["baseBlob"], actions.Select(a => a.Key));
            var baseBlob = actions["baseBlob"]!.AsObject();
            Assert.All(baseBlob, action => Assert.Contains(action.Key, Steps.Select(s => s.Action)));
            Assert.True(baseBlob.ContainsKey("delete"), $"{name} never deletes: the archive would grow without bound");

            var previous = (Action: "upload", Days: 0, MinimumDays: 0);
            foreach (var (action, minimumDays) in Steps.Where(s => baseBlob.ContainsKey(s.Action)))
            {
                var condition = baseBlob[action]!.AsObject();
                var (key, value) = Assert.Single(condition);
                Assert.Contains(key, new[] { "daysAfterModificationGreaterThan", "daysAfterCreationGreaterThan" });
                var days = (int)value!;
                Assert.True(days > previous.Days, $"{name}: {action} after {days} days, not after {previous.Action} ({previous.Days} days)");
                Assert.True(days - previous.Days >= previous.MinimumDays, $"{name}: {action} after {days - previous.Days} days in the tier of {previous.Action}, which bills at least {previous.MinimumDays}");
                previous = (action, days, minimumDays);
            }
        }
    }

    private static string KindOf(JsonObject rule) => (string)rule["definition"]!["filters"]!["blobIndexMatch"]![0]!["value"]!;

    private static List<JsonObject> Rules() => [.. Policy()["rules"]!.AsArray().Select(r => r!.AsObject())];

    private static JsonObject Policy() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ShippedTemplate.Root, "deployment", "storage", "lifecycle-policy.json")))!.AsObject();
}
