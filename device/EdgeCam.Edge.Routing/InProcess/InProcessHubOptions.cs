namespace EdgeCam.Edge.InProcess;

/// <summary>Tuning of the in-process hub.</summary>
public sealed record InProcessHubOptions
{
    /// <summary>Messages each module input holds before senders wait (never dropped).</summary>
    public int InputCapacity { get; init; } = 256;

    /// <summary>The device id seen by routes as <c>$connectionDeviceId</c>.</summary>
    public string DeviceId { get; init; } = "edgecam-agent";

    /// <summary>How long closing a module client waits for its input handlers to finish the queued messages.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
