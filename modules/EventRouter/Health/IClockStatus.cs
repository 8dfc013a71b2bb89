namespace EdgeCam.EventRouter.Health;

/// <summary>Whether the system clock is synchronised to a time source: the seam between the clock rule and the kernel.</summary>
public interface IClockStatus
{
    /// <summary>True when synchronised, false when not, null when the status cannot be read here.</summary>
    bool? IsSynchronised();
}
