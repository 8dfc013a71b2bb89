using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;

namespace EdgeCam.CameraCapture.Motion;

/// <summary>
/// The <c>motion</c> section of CameraCapture's desired properties: the detector's and the event tracker's options.
/// Masks and zones are objects of named polygons (twin patches can then add, change or remove one by name), each
/// polygon a string of normalised <c>x,y</c> pairs separated by spaces, e.g. <c>"0,0 0.4,0 0.4,0.3"</c>.
/// </summary>
public sealed record MotionSettings(MotionDetectorOptions Detector, MotionEventTrackerOptions Events)
{
    public const string Threshold = "threshold";
    public const string MinArea = "minArea";
    public const string MinRegionArea = "minRegionArea";
    public const string BackgroundAlpha = "backgroundAlpha";
    public const string ChangedAlpha = "changedAlpha";
    public const string ImproveContrast = "improveContrast";
    public const string FollowGlobalLight = "followGlobalLight";
    public const string WholeFrameShare = "wholeFrameShare";
    public const string RelearnFrames = "relearnFrames";
    public const string StartFrames = "startFrames";
    public const string EventGapSeconds = "eventGapSeconds";
    public const string MaxEventSeconds = "maxEventSeconds";
    public const string Masks = "masks";
    public const string Zones = "zones";

    /// <summary>Reads the section through <paramref name="motion"/> (from <c>reader.GetSection("motion")</c>); errors are recorded there with their path.</summary>
    public static MotionSettings Read(SettingsReader motion)
    {
        ArgumentNullException.ThrowIfNull(motion);
        var d = new MotionDetectorOptions();
        var e = new MotionEventTrackerOptions();
        var zones = ReadPolygons(motion, Zones).Select(z => new MotionZone(z.Name, z.Polygon)).ToList();
        if (zones.Count > MotionDetectorOptions.MaxZones)
        {
            motion.AddError(Zones, $"at most {MotionDetectorOptions.MaxZones} zones, got {zones.Count}");
            zones = zones.Take(MotionDetectorOptions.MaxZones).ToList();
        }

        var detector = new MotionDetectorOptions
        {
            Threshold = motion.GetInt32(Threshold, d.Threshold, 1, 254),
            MinArea = motion.GetDouble(MinArea, d.MinArea, 0, 1),
            MinRegionArea = motion.GetDouble(MinRegionArea, d.MinRegionArea, 0, 1),
            BackgroundAlpha = motion.GetDouble(BackgroundAlpha, d.BackgroundAlpha, 0.001, 1),
            ChangedAlpha = motion.GetDouble(ChangedAlpha, d.ChangedAlpha, 0, 1),
            ImproveContrast = motion.GetBoolean(ImproveContrast, d.ImproveContrast),
            FollowGlobalLight = motion.GetBoolean(FollowGlobalLight, d.FollowGlobalLight),
            WholeFrameShare = motion.GetDouble(WholeFrameShare, d.WholeFrameShare, 0.05, 1),
            RelearnFrames = motion.GetInt32(RelearnFrames, d.RelearnFrames, 1, 100),
            Masks = [.. ReadPolygons(motion, Masks).Select(m => m.Polygon)],
            Zones = zones,
        };
        var events = new MotionEventTrackerOptions
        {
            StartFrames = motion.GetInt32(StartFrames, e.StartFrames, 1, 100),
            EventGap = motion.GetSeconds(EventGapSeconds, e.EventGap, TimeSpan.Zero, TimeSpan.FromSeconds(600)),
            MaxEventLength = motion.GetSeconds(MaxEventSeconds, e.MaxEventLength, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3600)),
            ZoneNames = [.. zones.Select(z => z.Name)],
        };
        return new MotionSettings(detector, events);
    }

    /// <summary>Parses <c>"x,y x,y x,y"</c>; returns null and the reason when it is not a valid polygon.</summary>
    public static (NormalisedPolygon? Polygon, string? Problem) ParsePolygon(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var points = new List<NormalisedPoint>();
        foreach (var pair in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(',');
            if (parts.Length != 2
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            {
                return (null, $"must be normalised 'x,y' pairs separated by spaces (e.g. \"0,0 0.5,0 0.5,0.5\"), got '{pair}'");
            }

            points.Add(new NormalisedPoint(x, y));
        }

        var polygon = new NormalisedPolygon(points);
        return polygon.Problem() is { } problem ? (null, problem) : (polygon, null);
    }

    private static List<(string Name, NormalisedPolygon Polygon)> ReadPolygons(SettingsReader motion, string property)
    {
        var result = new List<(string, NormalisedPolygon)>();
        foreach (var (name, node) in motion.GetObject(property) ?? [])
        {
            if (node is null)
            {
                continue; // a twin patch removes a property by setting it to null
            }

            if (node.GetValueKind() != JsonValueKind.String)
            {
                motion.AddError($"{property}.{name}", $"must be a string of 'x,y' pairs, got {node.ToJsonString()}");
                continue;
            }

            var (polygon, problem) = ParsePolygon(node.GetValue<string>());
            if (polygon is null)
            {
                motion.AddError($"{property}.{name}", problem!);
                continue;
            }

            result.Add((name, polygon));
        }

        return result;
    }
}
