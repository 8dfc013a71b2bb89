using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.Edge.IotHub;

/// <summary>IoT Hub's size limits, checked before anything is sent so the caller gets a clear error instead of a dropped connection.</summary>
public static class IotHubLimits
{
    /// <summary>Desired and reported sections, each.</summary>
    public const int MaxTwinSectionBytes = 32 * 1024;

    /// <summary>One property value in a twin.</summary>
    public const int MaxPropertyValueBytes = 4 * 1024;

    /// <summary>The longest topic (the property bag travels in it).</summary>
    public const int MaxTopicBytes = 65535;

    /// <summary>Throws when <paramref name="message"/> is bigger than 256 KB or its topic is too long.</summary>
    public static void CheckMessage(string moduleId, string outputName, ModuleMessage message, string topic)
    {
        long size = MessageSize.Of(message);
        if (size > ModuleMessage.MaxSizeBytes)
        {
            throw new MessageTooLargeException(moduleId, outputName, size);
        }

        int topicBytes = Encoding.UTF8.GetByteCount(topic);
        if (topicBytes > MaxTopicBytes)
        {
            throw new IotHubLimitExceededException($"the topic of a message on output '{outputName}' (its property bag)", topicBytes, MaxTopicBytes);
        }
    }

    /// <summary>Throws when a reported patch is bigger than a twin section or holds a value bigger than 4 KB.</summary>
    public static void CheckReportedPatch(JsonObject patch, byte[] json)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxTwinSectionBytes)
        {
            throw new IotHubLimitExceededException("the reported properties patch", json.Length, MaxTwinSectionBytes);
        }

        CheckValues(patch, "reported");
    }

    /// <summary>Throws when a method payload is bigger than 128 KB.</summary>
    public static void CheckMethodPayload(string methodName, int sizeBytes)
    {
        if (sizeBytes > MethodRequest.MaxPayloadBytes)
        {
            throw new IotHubLimitExceededException($"the response of method '{methodName}'", sizeBytes, MethodRequest.MaxPayloadBytes);
        }
    }

    private static void CheckValues(JsonObject node, string path)
    {
        foreach (var (name, value) in node)
        {
            if (value is JsonObject child)
            {
                CheckValues(child, path + "." + name);
            }
            else if (value is not null && value.GetValueKind() != JsonValueKind.Null)
            {
                int size = Encoding.UTF8.GetByteCount(value.ToJsonString());
                if (size > MaxPropertyValueBytes)
                {
                    throw new IotHubLimitExceededException($"the value of '{path}.{name}'", size, MaxPropertyValueBytes);
                }
            }
        }
    }
}
