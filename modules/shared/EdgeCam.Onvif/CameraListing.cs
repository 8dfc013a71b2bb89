using EdgeCam.Onvif.Media;

namespace EdgeCam.Onvif;

/// <summary>
/// A camera as EdgeCam lists it: its device service address, announced name and hardware, every profile stream, and
/// the main (highest resolution, to record) and sub (lowest, to analyse) streams chosen from them.
/// </summary>
public sealed record CameraListing(
    Uri DeviceAddress,
    string? Name,
    string? Hardware,
    IReadOnlyList<ProfileStream> Streams,
    ProfileStream Main,
    ProfileStream Sub);
