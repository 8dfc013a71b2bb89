using System.Text.Json.Serialization;

namespace EdgeCam.BlobBuffer.Store;

/// <summary>One line of the store journal: a clip was accepted, uploaded or evicted.</summary>
public sealed record JournalEntry(string Op, string Id, BufferedClip? Clip, string? Location, DateTimeOffset At)
{
    public const string Accepted = "accepted";
    public const string Uploaded = "uploaded";
    public const string Evicted = "evicted";
}

/// <summary>The JSON shape of journal lines and clip sidecars.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JournalEntry))]
[JsonSerializable(typeof(BufferedClip))]
internal sealed partial class StoreJsonContext : JsonSerializerContext
{
}
