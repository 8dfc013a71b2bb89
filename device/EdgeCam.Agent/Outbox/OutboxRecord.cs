using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.Agent.Outbox;

/// <summary>One upstream message as the outbox holds it: the sending module and the message with its stable <c>$.mid</c>.</summary>
public sealed record OutboxEntry(long Sequence, string FromModuleId, ModuleMessage Message);

/// <summary>
/// The on-disk frame of one record: <c>magic(4) length(4) sequence(8) payload(length) checksum(8)</c>, little endian.
/// The checksum is the first 8 bytes of SHA-256 over sequence and payload (in the box, no package; alerts are small).
/// The payload is the message as JSON. A frame that is cut short or whose checksum fails is torn.
/// </summary>
internal static class OutboxRecord
{
    public const int HeaderBytes = 16;
    public const int ChecksumBytes = 8;
    public const int Overhead = HeaderBytes + ChecksumBytes;
    private const uint Magic = 0x424F4345; // "ECOB"

    public static byte[] Encode(long sequence, string fromModuleId, ModuleMessage message)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(StoredMessage.Of(fromModuleId, message), OutboxJsonContext.Default.StoredMessage);
        var frame = new byte[Overhead + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(8), sequence);
        payload.CopyTo(frame.AsSpan(HeaderBytes));
        Checksum(frame.AsSpan(8, 8 + payload.Length)).CopyTo(frame.AsSpan(HeaderBytes + payload.Length));
        return frame;
    }

    /// <summary>Reads the header at the start of <paramref name="header"/>: the payload length and sequence, or false when it is not a frame.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, int maxPayload, out int payloadLength, out long sequence)
    {
        payloadLength = 0;
        sequence = 0;
        if (header.Length < HeaderBytes || BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
        {
            return false;
        }

        payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        sequence = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        return payloadLength >= 0 && payloadLength <= maxPayload;
    }

    /// <summary>True when the whole <paramref name="frame"/> is intact.</summary>
    public static bool IsIntact(ReadOnlySpan<byte> frame)
    {
        int payload = frame.Length - Overhead;
        return payload >= 0 && Checksum(frame.Slice(8, 8 + payload)).AsSpan().SequenceEqual(frame[(HeaderBytes + payload)..]);
    }

    public static OutboxEntry Decode(ReadOnlySpan<byte> frame)
    {
        long sequence = BinaryPrimitives.ReadInt64LittleEndian(frame[8..]);
        var stored = JsonSerializer.Deserialize(frame[HeaderBytes..^ChecksumBytes], OutboxJsonContext.Default.StoredMessage)
            ?? throw new InvalidDataException($"outbox record {sequence} is empty");
        return new OutboxEntry(sequence, stored.From, stored.ToMessage());
    }

    private static byte[] Checksum(ReadOnlySpan<byte> data) => SHA256.HashData(data)[..ChecksumBytes];
}

/// <summary>The JSON payload of a record.</summary>
internal sealed record StoredMessage(
    string From,
    string MessageId,
    string? CorrelationId,
    string? ContentType,
    string? ContentEncoding,
    Dictionary<string, string> Properties,
    byte[] Body)
{
    public static StoredMessage Of(string fromModuleId, ModuleMessage message) => new(
        fromModuleId,
        message.MessageId ?? throw new ArgumentException("the message needs a $.mid before it is stored", nameof(message)),
        message.CorrelationId,
        message.ContentType,
        message.ContentEncoding,
        new Dictionary<string, string>(message.Properties, StringComparer.Ordinal),
        message.Body.ToArray());

    public ModuleMessage ToMessage() => new(Body)
    {
        MessageId = MessageId,
        CorrelationId = CorrelationId,
        ContentType = ContentType,
        ContentEncoding = ContentEncoding,
        Properties = Properties,
    };
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoredMessage))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
