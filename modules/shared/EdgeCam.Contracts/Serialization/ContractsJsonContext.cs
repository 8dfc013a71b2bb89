using System.Text.Json.Serialization;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Blobs;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.NightVision;
using EdgeCam.Contracts.Snapshots;
using EdgeCam.Contracts.Triggers;

namespace EdgeCam.Contracts.Serialization;

/// <summary>The one JSON shape of every contract: camelCase, enums as camelCase strings, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(MotionStarted))]
[JsonSerializable(typeof(MotionEnded))]
[JsonSerializable(typeof(ClipReady))]
[JsonSerializable(typeof(ClipUploaded))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(SnapshotReady))]
[JsonSerializable(typeof(SnapshotLink))]
[JsonSerializable(typeof(CameraHealth))]
[JsonSerializable(typeof(CameraFrameCounts))]
[JsonSerializable(typeof(StorageHealth))]
[JsonSerializable(typeof(BufferHealth))]
[JsonSerializable(typeof(OutageSummary))]
[JsonSerializable(typeof(TamperHealth))]
[JsonSerializable(typeof(OutboxHealth))]
[JsonSerializable(typeof(CaptureSession))]
[JsonSerializable(typeof(NightVisionChanged))]
[JsonSerializable(typeof(RecordingTrigger))]
public sealed partial class ContractsJsonContext : JsonSerializerContext
{
}
