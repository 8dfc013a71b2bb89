namespace EdgeCam.Edge.Messaging;

/// <summary>A message is bigger than <see cref="ModuleMessage.MaxSizeBytes"/>; edgeHub and IoT Hub would refuse it too.</summary>
public sealed class MessageTooLargeException : InvalidOperationException
{
    public MessageTooLargeException()
    {
    }

    public MessageTooLargeException(string message)
        : base(message)
    {
    }

    public MessageTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MessageTooLargeException(string moduleId, string outputName, long sizeBytes)
        : base($"module '{moduleId}' output '{outputName}': the message is {sizeBytes} bytes (body and properties), "
            + $"more than the {ModuleMessage.MaxSizeBytes} bytes IoT Edge accepts; send a reference to a file instead")
    {
        SizeBytes = sizeBytes;
    }

    /// <summary>The size of the rejected message: body plus system and application properties.</summary>
    public long SizeBytes { get; }
}
