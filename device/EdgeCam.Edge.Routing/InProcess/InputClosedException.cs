namespace EdgeCam.Edge.InProcess;

/// <summary>
/// The receiving module closed without handling a message: the sender's <c>SendAsync</c> fails with this (an
/// <see cref="IOException"/>, as a lost connection would be under IoT Edge), so the sender keeps what it journaled for
/// the message and offers it again after the restart.
/// </summary>
public sealed class InputClosedException : IOException
{
    public InputClosedException()
    {
    }

    public InputClosedException(string message)
        : base(message)
    {
    }

    public InputClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InputClosedException(string moduleId, string inputName)
        : base($"module '{moduleId}' closed input '{inputName}' without handling the message")
    {
    }
}
