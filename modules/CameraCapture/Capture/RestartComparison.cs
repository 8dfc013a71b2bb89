using EdgeCam.CameraCapture.Motion;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// Whether two settings need a capture restart, compared by value. Only what the capture process uses (source, sizes,
/// rates, segment length, camera id, snapshot JPEG quality) needs one; motion, night vision, tamper, time-lapse and the
/// rest of snapshots apply live. Records compare lists
/// by reference, and the motion options hold lists (masks, zones), so motion is compared item by item.
/// </summary>
internal static class RestartComparison
{
    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> differ at most in the parts that apply live.</summary>
    public static bool SameCapture(CameraCaptureSettings a, CameraCaptureSettings b) =>
        (a with { NightVision = b.NightVision, Snapshots = b.Snapshots with { Quality = a.Snapshots.Quality }, Tamper = b.Tamper, Timelapse = b.Timelapse, Detector = b.Detector, Events = b.Events }) == b;

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> have the same motion settings (detector and events).</summary>
    public static bool SameMotion(CameraCaptureSettings a, CameraCaptureSettings b) =>
        SameDetector(a.Detector, b.Detector)
        && (a.Events with { ZoneNames = b.Events.ZoneNames }) == b.Events
        && a.Events.ZoneNames.SequenceEqual(b.Events.ZoneNames, StringComparer.Ordinal);

    private static bool SameDetector(MotionDetectorOptions a, MotionDetectorOptions b) =>
        (a with { Masks = b.Masks, Zones = b.Zones }) == b
        && a.Masks.Count == b.Masks.Count
        && a.Masks.Zip(b.Masks).All(p => SamePolygon(p.First, p.Second))
        && a.Zones.Count == b.Zones.Count
        && a.Zones.Zip(b.Zones).All(z => z.First.Name == z.Second.Name && SamePolygon(z.First.Polygon, z.Second.Polygon));

    private static bool SamePolygon(NormalisedPolygon a, NormalisedPolygon b) => a.Points.SequenceEqual(b.Points);
}
