namespace EdgeCam.Edge.Volumes;

/// <summary>Reads the free and total space of a volume: the seam tests drive without filling a disk.</summary>
public interface IFreeSpaceReader
{
    /// <summary>The space now, or null when the volume cannot be read.</summary>
    VolumeSpace? Read();
}
