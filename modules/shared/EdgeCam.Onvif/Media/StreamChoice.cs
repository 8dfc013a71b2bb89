namespace EdgeCam.Onvif.Media;

/// <summary>
/// Picks a camera's main stream (the highest resolution: recorded) and sub stream (the lowest: watched for motion)
/// from its profile streams. With one profile, both are that profile; ties keep the device's own order.
/// </summary>
public static class StreamChoice
{
    /// <summary>The stream with the most pixels per frame; null when there is none.</summary>
    public static ProfileStream? Main(IReadOnlyList<ProfileStream> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ProfileStream? best = null;
        foreach (var stream in streams)
        {
            if (best is null || stream.Profile.PixelCount > best.Profile.PixelCount)
            {
                best = stream;
            }
        }

        return best;
    }

    /// <summary>The stream with the fewest pixels per frame; null when there is none.</summary>
    public static ProfileStream? Sub(IReadOnlyList<ProfileStream> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ProfileStream? least = null;
        foreach (var stream in streams)
        {
            if (least is null || stream.Profile.PixelCount < least.Profile.PixelCount)
            {
                least = stream;
            }
        }

        return least;
    }
}
