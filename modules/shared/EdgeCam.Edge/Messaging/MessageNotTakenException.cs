namespace EdgeCam.Edge.Messaging;

/// <summary>
/// Thrown by an <see cref="InputHandler"/> that cannot take a message now (its module is stopping and the store the
/// message would go to is closed): the message is left unacknowledged instead of counted as handled. Under IoT Edge no
/// PUBACK is sent, so edgeHub delivers it again after the restart; in the agent the sender's <c>SendAsync</c> fails, so
/// the sender keeps its journal entry. Any other exception from a handler acknowledges the message (a poison message
/// must not come back forever).
/// </summary>
public sealed class MessageNotTakenException : Exception
{
    public MessageNotTakenException()
    {
    }

    public MessageNotTakenException(string message)
        : base(message)
    {
    }

    public MessageNotTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
