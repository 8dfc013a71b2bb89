namespace EdgeCam.Edge.Identity.IotEdge;

/// <summary>The IoT Edge workload API failed or refused a request; the message says which request and why, never a digest.</summary>
public sealed class WorkloadApiException : Exception
{
    public WorkloadApiException()
    {
    }

    public WorkloadApiException(string message)
        : base(message)
    {
    }

    public WorkloadApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WorkloadApiException(string message, int? status, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
    }

    /// <summary>The HTTP status the workload API answered with, or null when it could not be reached.</summary>
    public int? Status { get; }
}
