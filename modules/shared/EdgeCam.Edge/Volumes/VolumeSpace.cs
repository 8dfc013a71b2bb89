namespace EdgeCam.Edge.Volumes;

/// <summary>Free and total bytes of a volume, as an unprivileged process may use them.</summary>
/// <param name="FreeBytes">Bytes available to unprivileged users (statvfs <c>f_bavail</c>: without the blocks reserved for root).</param>
/// <param name="TotalBytes">Size of the volume.</param>
public sealed record VolumeSpace(long FreeBytes, long TotalBytes);
