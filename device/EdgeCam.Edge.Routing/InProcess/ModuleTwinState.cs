using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;

namespace EdgeCam.Edge.InProcess;

/// <summary>
/// The twin of one module inside the hub: desired and reported sections, each with its own <c>$version</c>.
/// Everything that leaves it is a copy parsed from JSON text, exactly as a module or service would receive it over
/// MQTT: a number written from a C# <c>int</c> reads back with <c>GetValue&lt;long&gt;()</c>, as it would on the wire.
/// </summary>
internal sealed class ModuleTwinState
{
    /// <summary>IoT Hub's limit for each of the desired and reported sections.</summary>
    public const int MaxSectionBytes = 32 * 1024;

    private const string VersionKey = TwinVersion.Key;
    private readonly Lock _lock = new();
    private readonly JsonObject _desired;
    private readonly JsonObject _reported = new() { [VersionKey] = 1L };

    public ModuleTwinState(JsonObject desired)
    {
        _desired = WireCopy(desired);
        if (!_desired.ContainsKey(VersionKey))
        {
            _desired[VersionKey] = 1L;
        }
    }

    public JsonObject Desired()
    {
        lock (_lock)
        {
            return WireCopy(_desired);
        }
    }

    public JsonObject Reported()
    {
        lock (_lock)
        {
            return WireCopy(_reported);
        }
    }

    public TwinDocument Document()
    {
        lock (_lock)
        {
            return new TwinDocument(WireCopy(_desired), WireCopy(_reported));
        }
    }

    /// <summary>Merges a desired patch, bumps <c>$version</c> and returns the patch as delivered (with the new <c>$version</c>).</summary>
    public JsonObject MergeDesired(JsonObject patch)
    {
        var delivered = WithoutVersion(patch);
        lock (_lock)
        {
            long version = Version(_desired) + 1;
            Merge(_desired, delivered, "desired");
            _desired[VersionKey] = version;
            delivered[VersionKey] = version;
            return WireCopy(delivered);
        }
    }

    /// <summary>Merges a reported patch and bumps the reported <c>$version</c>.</summary>
    public long MergeReported(JsonObject patch)
    {
        var clean = WithoutVersion(patch);
        lock (_lock)
        {
            long version = Version(_reported) + 1;
            Merge(_reported, clean, "reported");
            _reported[VersionKey] = version;
            return version;
        }
    }

    private static void Merge(JsonObject section, JsonObject patch, string name)
    {
        var merged = JsonMergePatch.Merge(section, patch);
        int size = Encoding.UTF8.GetByteCount(merged.ToJsonString());
        if (size > MaxSectionBytes)
        {
            throw new InvalidOperationException($"the {name} properties would be {size} bytes, more than the {MaxSectionBytes} bytes a twin section may hold");
        }

        JsonMergePatch.Apply(section, patch);
    }

    private static JsonObject WireCopy(JsonObject section) => JsonNode.Parse(section.ToJsonString())!.AsObject();

    private static JsonObject WithoutVersion(JsonObject patch)
    {
        var copy = WireCopy(patch);
        copy.Remove(VersionKey);
        return copy;
    }

    private static long Version(JsonObject section) => TwinVersion.Of(section);
}
