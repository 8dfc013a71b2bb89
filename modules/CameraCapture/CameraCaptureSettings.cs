using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.Capture;
using EdgeCam.CameraCapture.Motion;
using EdgeCam.CameraCapture.NightVision;
using EdgeCam.CameraCapture.Snapshots;
using EdgeCam.CameraCapture.Tamper;
using EdgeCam.CameraCapture.Timelapse;
using EdgeCam.Edge.Twin;
using EdgeCam.Media.Capture;

namespace EdgeCam.CameraCapture;

/// <summary>
/// The settings of one camera, from the module twin's desired properties (see README for the table).
/// Immutable; <see cref="Read"/> builds one from the whole desired document (patches merged by <see cref="TwinSettingsBinding{T}"/>).
/// Each default lives once, in the initialisers here and in the section records (<see cref="MotionDetectorOptions"/>, ...).
/// </summary>
public sealed record CameraCaptureSettings
{
    /// <summary>The camera's id in messages and on the shared volume; defaults to the module id.</summary>
    public required string CameraId { get; init; }

    /// <summary>A file path, an <c>rtsp://</c> URL or a V4L2 device such as <c>/dev/video0</c>.</summary>
    public required string Source { get; init; }

    /// <summary>
    /// Where motion is watched, when not <see cref="Source"/>: the camera's low-resolution sub stream (an <c>rtsp://</c>
    /// URL, or a file path in tests), so the recorded main stream is copied and never decoded. Empty: analyse <see cref="Source"/>.
    /// </summary>
    public string AnalysisSource { get; init; } = string.Empty;

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

    /// <summary>What the camera is asked for (size, rate, input format, RTSP timeout); section <c>camera</c>.</summary>
    public CameraSourceSettings Camera { get; init; } = new();

    /// <summary>Day/night switching; section <c>nightVision</c> (applies live).</summary>
    public NightVisionSettings NightVision { get; init; } = new();

    /// <summary>Event and on-demand snapshots; section <c>snapshots</c> (applies live).</summary>
    public SnapshotSettings Snapshots { get; init; } = new();

    /// <summary>Covered, moved and defocused lens checks; section <c>tamper</c> (applies live).</summary>
    public TamperSettings Tamper { get; init; } = new();

    /// <summary>The daily time-lapse; section <c>timelapse</c> (applies live).</summary>
    public TimelapseSettings Timelapse { get; init; } = new();

    /// <summary>True when <paramref name="other"/> differs from these settings only in parts that apply without restarting capture.</summary>
    public bool DiffersOnlyLive(CameraCaptureSettings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return RestartComparison.SameCapture(this, other);
    }

    /// <summary>The parsed source.</summary>
    public CaptureSource CaptureSource => Media.Capture.CaptureSource.Parse(Source, Realtime, Loop);

    /// <summary>The parsed analysis source, or null when motion is watched on <see cref="Source"/>.</summary>
    public CaptureSource? AnalysisCaptureSource => AnalysisSource.Length == 0 ? null : Media.Capture.CaptureSource.Parse(AnalysisSource, Realtime, Loop);

    /// <summary>Reads <paramref name="desired"/> with the policy every module shares (<see cref="SettingsReader.Parse{T}"/>).</summary>
    /// <exception cref="SettingsValidationException">A property is invalid or unknown; each error names it.</exception>
    public static CameraCaptureSettings Parse(JsonObject desired, string moduleId) => SettingsReader.Parse(desired, reader => Read(reader, moduleId));

    /// <summary>
    /// Settings to record with while the desired document is invalid and no settings are in force yet (first start):
    /// every invalid optional property takes its default (an invalid <c>cameraId</c> the module id), so one bad optional
    /// setting never stops recording. Null when nothing can be recorded: <c>source</c> is missing or invalid, or the
    /// <c>schemaVersion</c> is unknown. The document is still rejected (400 naming the property) by the binding.
    /// </summary>
    public static CameraCaptureSettings? ReadWithDefaultsForInvalid(JsonObject desired, string moduleId)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (SchemaVersion.Check(desired) is not null)
        {
            return null;
        }

        var reader = new SettingsReader(desired);
        CameraCaptureSettings settings;
        try
        {
            settings = Read(reader, moduleId);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (reader.Errors.Any(e => e.Path == SettingNames.Source))
        {
            return null;
        }

        return reader.Errors.Any(e => e.Path == SettingNames.CameraId) ? settings with { CameraId = moduleId } : settings;
    }

    /// <summary>
    /// Reads settings from the desired properties through <paramref name="reader"/> (<c>$version</c> ignored). Missing
    /// properties take their defaults; <c>source</c> is required and <c>cameraId</c> defaults to <paramref name="moduleId"/>.
    /// Every invalid property is recorded in <paramref name="reader"/> with its path (for example <c>motion.threshold</c>).
    /// </summary>
    public static CameraCaptureSettings Read(SettingsReader reader, string moduleId)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(moduleId);
        var d = new CameraCaptureSettings { CameraId = moduleId, Source = string.Empty };
        int errors = reader.Errors.Count;
        var cameraId = reader.GetString(SettingNames.CameraId, d.CameraId);
        if (reader.Errors.Count == errors && !IsValidCameraId(cameraId))
        {
            reader.AddError(SettingNames.CameraId, "must be 1-64 characters of letters, digits, '-', '_' or '.', not starting with '.'");
        }

        errors = reader.Errors.Count;
        var source = reader.GetString(SettingNames.Source, d.Source, allowEmpty: true);
        if (reader.Errors.Count == errors && string.IsNullOrWhiteSpace(source))
        {
            reader.AddError(SettingNames.Source, "is required: a file path, an rtsp:// URL, a device such as /dev/video0, or libcamera[:N]");
        }

        var analysisSource = reader.GetString(SettingNames.AnalysisSource, d.AnalysisSource, allowEmpty: true).Trim();
        if (analysisSource.Length > 0 && Media.Capture.CaptureSource.Parse(analysisSource).Kind is CaptureSourceKind.Libcamera or CaptureSourceKind.Device)
        {
            reader.AddError(SettingNames.AnalysisSource, $"must be empty, an rtsp:// URL (the camera's sub stream) or a file path, got '{Media.Capture.CaptureSource.Mask(analysisSource)}'");
        }

        var width = reader.GetInt32(SettingNames.AnalysisWidth, d.AnalysisWidth, 32, 1920);
        var height = reader.GetInt32(SettingNames.AnalysisHeight, d.AnalysisHeight, 32, 1080);
        if (width % 2 != 0)
        {
            reader.AddError(SettingNames.AnalysisWidth, "must be even");
        }

        if (height % 2 != 0)
        {
            reader.AddError(SettingNames.AnalysisHeight, "must be even");
        }

        var motion = MotionSettings.Read(reader.GetSection(SettingNames.Motion));
        return new CameraCaptureSettings
        {
            CameraId = cameraId,
            Source = source.Trim(),
            AnalysisSource = analysisSource,
            Realtime = reader.GetBoolean(SettingNames.Realtime, d.Realtime),
            Loop = reader.GetBoolean(SettingNames.Loop, d.Loop),
            SegmentDuration = reader.GetSeconds(SettingNames.SegmentSeconds, d.SegmentDuration, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)),
            AnalysisWidth = width,
            AnalysisHeight = height,
            AnalysisFramesPerSecond = reader.GetDouble(SettingNames.AnalysisFps, d.AnalysisFramesPerSecond, 0.5, 30),
            Detector = motion.Detector,
            Events = motion.Events,
            Camera = CameraSourceSettings.Read(reader.GetSection(SettingNames.Camera)),
            NightVision = NightVisionSettings.Read(reader.GetSection(SettingNames.NightVision)),
            Snapshots = SnapshotSettings.Read(reader.GetSection(SettingNames.Snapshots)),
            Tamper = TamperSettings.Read(reader.GetSection(SettingNames.Tamper)),
            Timelapse = TimelapseSettings.Read(reader.GetSection(SettingNames.Timelapse)),
        };
    }

    // Used in file and directory names on the shared volume, so no separators and no leading dot.
    private static bool IsValidCameraId(string cameraId) =>
        cameraId.Length is > 0 and <= 64
        && cameraId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && !cameraId.StartsWith('.');
}

/// <summary>
/// The top-level desired-property names of <see cref="CameraCaptureSettings"/>, in one place; each section's own names
/// live with its reader (for example <c>Motion/MotionSettings</c>).
/// </summary>
public static class SettingNames
{
    public const string CameraId = "cameraId";
    public const string Source = "source";
    public const string AnalysisSource = "analysisSource";
    public const string Realtime = "realtime";
    public const string Loop = "loop";
    public const string SegmentSeconds = "segmentSeconds";
    public const string AnalysisWidth = "analysisWidth";
    public const string AnalysisHeight = "analysisHeight";
    public const string AnalysisFps = "analysisFps";
    public const string Motion = "motion";
    public const string Camera = "camera";
    public const string NightVision = "nightVision";
    public const string Snapshots = "snapshots";
    public const string Tamper = "tamper";
    public const string Timelapse = "timelapse";
}
