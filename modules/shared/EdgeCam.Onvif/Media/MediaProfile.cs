namespace EdgeCam.Onvif.Media;

/// <summary>One media profile of a device (ONVIF Media service GetProfiles): its token, name and video encoder settings.</summary>
public sealed record MediaProfile(string Token, string Name, string Encoding, int Width, int Height)
{
    /// <summary>Pixels per frame, the measure "highest" and "lowest" resolution are taken by.</summary>
    public long PixelCount => (long)Width * Height;
}
