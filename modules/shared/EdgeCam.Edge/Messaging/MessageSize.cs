using System.Text;

namespace EdgeCam.Edge.Messaging;

/// <summary>The size IoT Hub counts for a message: the body plus the names and values of its system and application properties.</summary>
public static class MessageSize
{
    /// <summary>Size in bytes of <paramref name="message"/> as counted against <see cref="ModuleMessage.MaxSizeBytes"/>.</summary>
    public static long Of(ModuleMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        long size = message.Body.Length
            + Utf8(message.MessageId) + Utf8(message.CorrelationId) + Utf8(message.ContentType) + Utf8(message.ContentEncoding);
        foreach (var (name, value) in message.Properties)
        {
            size += Utf8(name) + Utf8(value);
        }

        return size;
    }

    private static int Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
