using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeCam.Contracts.Health;

/// <summary>What CameraCapture's tamper check sees. Written in JSON as a camelCase string.</summary>
[JsonConverter(typeof(TamperStateJsonConverter))]
public enum TamperState
{
    /// <summary>The view looks like the learned one: structured, in place, sharp.</summary>
    Clear,

    /// <summary>The picture is almost uniform (a hand, tape, paint or a cap over the lens).</summary>
    Covered,

    /// <summary>The scene's layout no longer matches the learned view (the camera was turned or knocked).</summary>
    Moved,

    /// <summary>The same scene, but far less sharp than learned (defocused, sprayed or fogged lens).</summary>
    Defocused,
}

/// <summary>
/// Sent by CameraCapture on output <c>health</c> when its tamper check confirms a new <see cref="State"/>: one message
/// when a tamper is confirmed, one <see cref="TamperState.Clear"/> when the view is back (the recovery).
/// </summary>
/// <param name="CameraId">The camera.</param>
/// <param name="State">What the check sees now.</param>
/// <param name="Spread">Standard deviation of the sampled gray levels (low: uniform picture).</param>
/// <param name="Similarity">Correlation of the coarse layout with the learned view, -1..1 (low: moved).</param>
/// <param name="Sharpness">Edge strength relative to the learned view's (low: defocused).</param>
/// <param name="Time">When the state was confirmed.</param>
public sealed record TamperHealth(
    string CameraId,
    TamperState State,
    double Spread,
    double Similarity,
    double Sharpness,
    DateTimeOffset Time)
{
    public int SchemaVersion { get; init; } = Schema.Version;
}

/// <summary>Writes <see cref="TamperState"/> as camelCase strings ("covered").</summary>
public sealed class TamperStateJsonConverter : JsonStringEnumConverter<TamperState>
{
    public TamperStateJsonConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
