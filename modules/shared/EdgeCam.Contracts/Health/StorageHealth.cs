using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeCam.Contracts.Health;

/// <summary>Where the shared volume stands against SegmentRecorder's free-space floor. Written as a camelCase string.</summary>
[JsonConverter(typeof(StorageStateJsonConverter))]
public enum StorageState
{
    /// <summary>At least the floor is free, or retention restores it at each pass.</summary>
    Ok,

    /// <summary>Below the floor even after retention evicted all it may: what is left is protected footage or other programs' files.</summary>
    BelowFloor,
}

/// <summary>
/// Sent by SegmentRecorder on output <c>health</c> when <see cref="State"/> changes: one <see cref="StorageState.BelowFloor"/>
/// when the floor cannot be kept, one <see cref="StorageState.Ok"/> when it is kept again (the recovery).
/// </summary>
/// <param name="Volume">Who reports: the recorder's module id (the volume is shared by every camera).</param>
/// <param name="State">Below the floor or not.</param>
/// <param name="FreeBytes">Free bytes after the retention pass that changed the state.</param>
/// <param name="FloorBytes">The floor in force.</param>
/// <param name="TotalBytes">Size of the volume.</param>
/// <param name="Time">When the state changed.</param>
public sealed record StorageHealth(
    string Volume,
    StorageState State,
    long FreeBytes,
    long FloorBytes,
    long TotalBytes,
    DateTimeOffset Time)
{
    public int SchemaVersion { get; init; } = Schema.Version;
}

/// <summary>Writes <see cref="StorageState"/> as camelCase strings ("belowFloor").</summary>
public sealed class StorageStateJsonConverter : JsonStringEnumConverter<StorageState>
{
    public StorageStateJsonConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
