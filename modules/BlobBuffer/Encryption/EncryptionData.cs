using System.Text.Json;

namespace EdgeCam.BlobBuffer.Encryption;

/// <summary>
/// The <c>encryptiondata</c> metadata of a v2.0 blob, in the JSON shape Azure.Storage.Blobs reads:
/// <c>{"EncryptionMode":"FullBlob","WrappedContentKey":{"KeyId","EncryptedKey","Algorithm"},
/// "EncryptionAgent":{"Protocol":"2.0","EncryptionAlgorithm":"AES_GCM_256"},
/// "EncryptedRegionInfo":{"DataLength","NonceLength"},"KeyWrappingMetadata":{…}}</c>.
/// </summary>
/// <param name="KeyId">Which owner key wrapped the content key (<see cref="OwnerPublicKey.KeyId"/>).</param>
/// <param name="WrappedKey">The wrapped <c>version || content key</c>.</param>
/// <param name="WrapAlgorithm">How it was wrapped (<see cref="EncryptionFormat.KeyWrapAlgorithm"/>).</param>
/// <param name="Protocol">The encryption protocol (<see cref="EncryptionFormat.Protocol"/>).</param>
/// <param name="ContentAlgorithm">The content cipher.</param>
/// <param name="RegionDataLength">Plaintext bytes per region.</param>
/// <param name="NonceLength">Nonce bytes per region.</param>
public sealed record EncryptionData(
    string KeyId,
    byte[] WrappedKey,
    string WrapAlgorithm,
    string Protocol = EncryptionFormat.Protocol,
    string ContentAlgorithm = EncryptionFormat.ContentAlgorithm,
    int RegionDataLength = EncryptionFormat.RegionDataSize,
    int NonceLength = EncryptionFormat.NonceSize)
{
    /// <summary>What <c>KeyWrappingMetadata.EncryptionLibrary</c> says about who wrote the blob.</summary>
    public const string Library = "EdgeCam.BlobBuffer";

    // Wire names, fixed by the SDK's format whatever the properties of this record are called.
    private const string KeyIdField = "KeyId";
    private const string ProtocolField = "Protocol";
    private const string NonceLengthField = "NonceLength";

    /// <summary>The metadata value: compact JSON, ASCII only (base64 for the bytes).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("EncryptionMode", EncryptionFormat.EncryptionMode);
            json.WriteStartObject("WrappedContentKey");
            json.WriteString(KeyIdField, KeyId);
            json.WriteString("EncryptedKey", Convert.ToBase64String(WrappedKey));
            json.WriteString("Algorithm", WrapAlgorithm);
            json.WriteEndObject();
            json.WriteStartObject("EncryptionAgent");
            json.WriteString(ProtocolField, Protocol);
            json.WriteString("EncryptionAlgorithm", ContentAlgorithm);
            json.WriteEndObject();
            json.WriteStartObject("EncryptedRegionInfo");
            json.WriteNumber("DataLength", RegionDataLength);
            json.WriteNumber(NonceLengthField, NonceLength);
            json.WriteEndObject();
            json.WriteStartObject("KeyWrappingMetadata");
            json.WriteString("EncryptionLibrary", Library);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.ASCII.GetString(buffer.ToArray());
    }

    /// <summary>Reads an <c>encryptiondata</c> value; anything this decryptor cannot handle is one line naming it.</summary>
    /// <exception cref="InvalidDataException">Not v2.0 AES-GCM JSON, or a field is missing.</exception>
    public static EncryptionData Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var key = Field(root, "WrappedContentKey");
            var agent = Field(root, "EncryptionAgent");
            var protocol = Text(agent, ProtocolField);
            var algorithm = Text(agent, "EncryptionAlgorithm");
            if (protocol != EncryptionFormat.Protocol || algorithm != EncryptionFormat.ContentAlgorithm)
            {
                throw new InvalidDataException($"encryptiondata is protocol {protocol} with {algorithm}; only client-side encryption {EncryptionFormat.Protocol} with {EncryptionFormat.ContentAlgorithm} is supported");
            }

            var regions = Field(root, "EncryptedRegionInfo");
            var data = new EncryptionData(
                Text(key, KeyIdField),
                Convert.FromBase64String(Text(key, "EncryptedKey")),
                Text(key, "Algorithm"),
                protocol,
                algorithm,
                Field(regions, "DataLength").GetInt32(),
                Field(regions, NonceLengthField).GetInt32());
            return data.RegionDataLength > 0 && data.NonceLength == EncryptionFormat.NonceSize
                ? data
                : throw new InvalidDataException($"encryptiondata describes regions of {data.RegionDataLength} bytes with {data.NonceLength}-byte nonces; expected a positive length and {EncryptionFormat.NonceSize}-byte nonces");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"encryptiondata is not valid: {ex.Message}", ex);
        }
    }

    private static JsonElement Field(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value
            : throw new InvalidDataException($"encryptiondata has no {name}");

    private static string Text(JsonElement parent, string name) =>
        Field(parent, name).GetString() ?? throw new InvalidDataException($"encryptiondata has no {name}");
}
