using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.Motion;
using EdgeCam.Media.Capture;

namespace EdgeCam.CameraCapture;

/// <summary>
/// The settings of one camera, from the module twin's desired properties (see README for the table).
/// Immutable; a patch produces a new instance through <see cref="Parse"/> of the merged document.
/// </summary>
public sealed record CameraCaptureSettings
{
    /// <summary>The camera's id in messages and on the shared volume; defaults to the module id.</summary>
    public required string CameraId { get; init; }

    /// <summary>A file path, an <c>rtsp://</c> URL or a V4L2 device such as <c>/dev/video0</c>.</summary>
    public required string Source { get; init; }

    /// <summary>For a file source: play at native speed like a camera (true) or as fast as possible (false).</summary>
    public bool Realtime { get; init; } = true;

    /// <summary>For a file source: start again at the end, forever.</summary>
    public bool Loop { get; init; }

    /// <summary>Target segment length; segments are cut at the first keyframe after it.</summary>
    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Analysis frame width.</summary>
    public int AnalysisWidth { get; init; } = 320;

    /// <summary>Analysis frame height.</summary>
    public int AnalysisHeight { get; init; } = 180;

    /// <summary>Analysis frames per second.</summary>
    public double AnalysisFramesPerSecond { get; init; } = 5;

    /// <summary>Per-frame detection tuning.</summary>
    public MotionDetectorOptions Detector { get; init; } = new();

    /// <summary>Event start/end rules.</summary>
    public MotionEventTrackerOptions Events { get; init; } = new();

    /// <summary>The parsed source.</summary>
    public CaptureSource CaptureSource => Media.Capture.CaptureSource.Parse(Source, Realtime, Loop);

    /// <summary>
    /// Reads settings from the desired properties <paramref name="desired"/> (the full section, <c>$version</c> and
    /// unknown properties ignored). Missing properties take their defaults; <c>source</c> is required.
    /// </summary>
    /// <exception cref="SettingsException">A property is missing, of the wrong type or out of range; names it.</exception>
    public static CameraCaptureSettings Parse(JsonObject desired, string moduleId)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentException.ThrowIfNullOrWhiteSpace(moduleId);
        // Re-read from text: nodes built in process hold CLR values (an int is not readable as double), parsed ones do not.
        var normalised = JsonNode.Parse(desired.ToJsonString())!.AsObject();
        var reader = new SettingsReader(normalised, prefix: string.Empty);
        var defaults = new MotionDetectorOptions();
        var eventDefaults = new MotionEventTrackerOptions();
        var motion = reader.Section(SettingNames.Motion);

        var cameraId = reader.String(SettingNames.CameraId) ?? moduleId;
        if (cameraId.Length > 64 || cameraId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || cameraId.StartsWith('.'))
        {
            throw new SettingsException(SettingNames.CameraId, "must be 1-64 characters of letters, digits, '-', '_' or '.', not starting with '.'");
        }

        var source = reader.String(SettingNames.Source);
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new SettingsException(SettingNames.Source, "is required: a file path, an rtsp:// URL or a device such as /dev/video0");
        }

        var width = reader.Int(SettingNames.AnalysisWidth, 320, 32, 1920);
        var height = reader.Int(SettingNames.AnalysisHeight, 180, 32, 1080);
        if (width % 2 != 0)
        {
            throw new SettingsException(SettingNames.AnalysisWidth, "must be even");
        }

        if (height % 2 != 0)
        {
            throw new SettingsException(SettingNames.AnalysisHeight, "must be even");
        }

        var maxEvent = motion.Double(SettingNames.MaxEventSeconds, eventDefaults.MaxEventLength.TotalSeconds, 10, 3600);
        return new CameraCaptureSettings
        {
            CameraId = cameraId,
            Source = source.Trim(),
            Realtime = reader.Bool(SettingNames.Realtime, true),
            Loop = reader.Bool(SettingNames.Loop, false),
            SegmentDuration = TimeSpan.FromSeconds(reader.Double(SettingNames.SegmentSeconds, 4, 1, 60)),
            AnalysisWidth = width,
            AnalysisHeight = height,
            AnalysisFramesPerSecond = reader.Double(SettingNames.AnalysisFps, 5, 0.5, 30),
            Detector = new MotionDetectorOptions
            {
                Threshold = motion.Int(SettingNames.Threshold, defaults.Threshold, 1, 254),
                MinArea = motion.Double(SettingNames.MinArea, defaults.MinArea, 0, 1),
                BackgroundAlpha = motion.Double(SettingNames.BackgroundAlpha, defaults.BackgroundAlpha, 0.001, 1),
            },
            Events = new MotionEventTrackerOptions
            {
                StartFrames = motion.Int(SettingNames.StartFrames, eventDefaults.StartFrames, 1, 100),
                EventGap = TimeSpan.FromSeconds(motion.Double(SettingNames.EventGapSeconds, eventDefaults.EventGap.TotalSeconds, 0, 600)),
                MaxEventLength = TimeSpan.FromSeconds(maxEvent),
            },
        };
    }

    /// <summary>Reads typed values from one JSON object, naming the full property path in every error.</summary>
    private sealed class SettingsReader(JsonObject json, string prefix)
    {
        public SettingsReader Section(string name)
        {
            var node = Get(name);
            return node switch
            {
                null => new SettingsReader([], Name(name)),
                JsonObject section => new SettingsReader(section, Name(name)),
                _ => throw new SettingsException(Name(name), "must be an object"),
            };
        }

        public string? String(string name)
        {
            var node = Get(name);
            return node switch
            {
                null => null,
                JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
                _ => throw new SettingsException(Name(name), "must be a string"),
            };
        }

        public bool Bool(string name, bool fallback)
        {
            var node = Get(name);
            return node switch
            {
                null => fallback,
                JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
                _ => throw new SettingsException(Name(name), "must be true or false"),
            };
        }

        public double Double(string name, double fallback, double min, double max)
        {
            var node = Get(name);
            if (node is null)
            {
                return fallback;
            }

            if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue(out double number) || !double.IsFinite(number))
            {
                throw new SettingsException(Name(name), "must be a number");
            }

            return number >= min && number <= max ? number : throw new SettingsException(Name(name), $"must be between {min} and {max}, got {number}");
        }

        public int Int(string name, int fallback, int min, int max)
        {
            var number = Double(name, fallback, min, max);
            return number == Math.Floor(number) ? (int)number : throw new SettingsException(Name(name), "must be a whole number");
        }

        private JsonNode? Get(string name) => json.TryGetPropertyValue(name, out var node) ? node : null;

        private string Name(string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
    }
}

/// <summary>The desired-property names of <see cref="CameraCaptureSettings"/>, in one place.</summary>
public static class SettingNames
{
    public const string CameraId = "cameraId";
    public const string Source = "source";
    public const string Realtime = "realtime";
    public const string Loop = "loop";
    public const string SegmentSeconds = "segmentSeconds";
    public const string AnalysisWidth = "analysisWidth";
    public const string AnalysisHeight = "analysisHeight";
    public const string AnalysisFps = "analysisFps";
    public const string Motion = "motion";
    public const string Threshold = "threshold";
    public const string MinArea = "minArea";
    public const string StartFrames = "startFrames";
    public const string EventGapSeconds = "eventGapSeconds";
    public const string MaxEventSeconds = "maxEventSeconds";
    public const string BackgroundAlpha = "backgroundAlpha";
}

/// <summary>A desired property is invalid; <see cref="Property"/> names it (dotted path, e.g. <c>motion.threshold</c>).</summary>
public sealed class SettingsException : Exception
{
    public SettingsException()
    {
        Property = string.Empty;
    }

    public SettingsException(string message)
        : base(message)
    {
        Property = string.Empty;
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Property = string.Empty;
    }

    public SettingsException(string property, string problem, Exception? innerException = null)
        : base($"Desired property '{property}' {problem}.", innerException)
    {
        Property = property;
    }

    /// <summary>The offending property.</summary>
    public string Property { get; }
}
