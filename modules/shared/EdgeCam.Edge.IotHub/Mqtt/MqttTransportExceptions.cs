namespace EdgeCam.Edge.Mqtt;

/// <summary>
/// A publish or subscribe could not complete because the connection is not (or no longer) up: it dropped, it was
/// closed by <see cref="IMqttConnection.DisconnectAsync"/>, or it was never connected. The message may or may not have
/// reached the broker; the protocol layer reconnects and retries what must arrive.
/// </summary>
public sealed class MqttConnectionLostException : IOException
{
    public MqttConnectionLostException()
    {
    }

    public MqttConnectionLostException(string message)
        : base(message)
    {
    }

    public MqttConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The broker answered SUBACK with failure (0x80) for a topic filter (not authorized, or a filter it rejects).</summary>
public sealed class MqttSubscribeException : Exception
{
    public MqttSubscribeException()
    {
    }

    public MqttSubscribeException(string message)
        : base(message)
    {
    }

    public MqttSubscribeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MqttSubscribeException(string message, string topicFilter)
        : base(message)
    {
        TopicFilter = topicFilter;
    }

    /// <summary>The refused filter.</summary>
    public string? TopicFilter { get; }
}
