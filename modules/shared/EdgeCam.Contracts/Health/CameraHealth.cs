using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeCam.Contracts.Health;

/// <summary>The state of a camera's capture. Written in JSON as a camelCase string.</summary>
[JsonConverter(typeof(CaptureStateJsonConverter))]
public enum CaptureState
{
    Starting,
    Running,
    Restarting,
    /// <summary>A finite source (a file played once) reached its end.</summary>
    Ended,
    /// <summary>The source cannot be opened; capture will not recover without a configuration change.</summary>
    Failed,
    Stopped,
    /// <summary>The volume is full (ENOSPC, or almost no space left): capture waits for space and resumes by itself in a new session.</summary>
    WaitingForSpace,
}

/// <summary>Sent by CameraCapture on output <c>health</c> at every change of <see cref="State"/>.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="State">What capture is doing now.</param>
/// <param name="Source">The configured source, with any credentials removed.</param>
/// <param name="FramesAnalysed">Analysis frames the detector processed so far.</param>
/// <param name="FramesDropped">Analysis frames dropped because analysis lagged.</param>
/// <param name="Time">When the state changed.</param>
/// <param name="Error">Why capture failed, restarts or waits for space, or null.</param>
public sealed record CameraHealth(
    string CameraId,
    CaptureState State,
    string Source,
    long FramesAnalysed,
    long FramesDropped,
    DateTimeOffset Time,
    string? Error = null)
{
    public int SchemaVersion { get; init; } = Schema.Version;
}

/// <summary>Writes <see cref="CaptureState"/> as camelCase strings ("running"), the shape of every EdgeCam enum.</summary>
public sealed class CaptureStateJsonConverter : JsonStringEnumConverter<CaptureState>
{
    public CaptureStateJsonConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
