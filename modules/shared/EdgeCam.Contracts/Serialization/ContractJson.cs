using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EdgeCam.Contracts.Serialization;

/// <summary>Serializes contracts with <see cref="ContractsJsonContext"/> and reports a malformed body clearly.</summary>
public static class ContractJson
{
    /// <summary>Serializes a contract to UTF-8 JSON.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    /// <summary>Deserializes a contract; throws <see cref="ContractFormatException"/> naming the type and the reason.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            var value = JsonSerializer.Deserialize(utf8Json, typeInfo);
            return value ?? throw new ContractFormatException($"{typeof(T).Name}: the body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new ContractFormatException($"{typeof(T).Name}: malformed JSON ({ex.Message}).", ex);
        }
    }
}

/// <summary>A message body that is not a valid instance of the contract it claims to be.</summary>
public sealed class ContractFormatException : Exception
{
    public ContractFormatException()
    {
    }

    public ContractFormatException(string message)
        : base(message)
    {
    }

    public ContractFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
