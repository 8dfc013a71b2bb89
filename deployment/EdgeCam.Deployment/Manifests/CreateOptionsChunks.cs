using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeCam.Deployment.Manifests;

/// <summary>
/// <c>createOptions</c> as edgeAgent takes it: the Docker create body stringified, split into values of at most 512
/// characters named <c>createOptions</c>, <c>createOptions01</c>, <c>createOptions02</c>, ... (a twin value has a size
/// limit; edgeAgent concatenates the chunks in order).
/// </summary>
public static class CreateOptionsChunks
{
    /// <summary>Characters per chunk (iotedgedev's TWIN_VALUE_MAX_SIZE).</summary>
    public const int ChunkLength = 512;

    /// <summary>Chunks iotedgedev allows (about 4 KB of create options); edgeAgent itself reads up to 100.</summary>
    public const int MaxChunks = 8;

    /// <summary>Replaces an object-valued <c>createOptions</c> in <paramref name="settings"/> by its string chunks.</summary>
    public static void Stringify(JsonObject settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings["createOptions"] is not JsonObject options)
        {
            return;
        }

        var text = options.ToJsonString();
        settings.Remove("createOptions");
        for (int i = 0, offset = 0; offset < text.Length || i == 0; i++, offset += ChunkLength)
        {
            settings[NameOf(i)] = text.Substring(offset, Math.Min(ChunkLength, text.Length - offset));
        }
    }

    /// <summary>The chunks of <paramref name="settings"/> joined back, or null when there is no <c>createOptions</c>.</summary>
    public static string? Join(JsonObject settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var text = new StringBuilder();
        for (int i = 0; settings[NameOf(i)] is JsonNode chunk; i++)
        {
            text.Append((string?)chunk);
        }

        return settings.ContainsKey("createOptions") ? text.ToString() : null;
    }

    /// <summary><c>createOptions</c> for 0, then <c>createOptions01</c>, <c>createOptions02</c>, ...</summary>
    public static string NameOf(int index) =>
        index == 0 ? "createOptions" : string.Create(CultureInfo.InvariantCulture, $"createOptions{index:D2}");
}
