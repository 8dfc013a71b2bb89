using EdgeCam.Onvif.Media;

namespace EdgeCam.Onvif;

/// <summary>
/// A camera as EdgeCam lists it: its device service address, announced name and hardware, every profile stream, and
/// the main (highest resolution, to record) and sub (lowest, to analyse) streams chosen from them, and what the owner
/// should know about the camera: how far its clock is off, and whether it reports itself under another host.
/// </summary>
public sealed record CameraListing(
    Uri DeviceAddress,
    string? Name,
    string? Hardware,
    IReadOnlyList<ProfileStream> Streams,
    ProfileStream Main,
    ProfileStream Sub)
{
    /// <summary>Camera clock minus this device's clock, from GetSystemDateAndTime; null when the camera did not tell.</summary>
    public TimeSpan? ClockOffset { get; init; }

    /// <summary>The host the camera reported for its services when it differs from the one that answered; null otherwise.</summary>
    public string? ReportedHost { get; init; }
}
