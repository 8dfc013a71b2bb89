using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeCam.Contracts.NightVision;

/// <summary>Day (IR-cut filter in, IR LEDs off) or night (filter out, LEDs on). Written as a camelCase string.</summary>
[JsonConverter(typeof(NightVisionModeJsonConverter))]
public enum NightVisionMode
{
    Day,
    Night,
}

/// <summary>Sent by CameraCapture on output <c>nightVision</c> at every day/night switch.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="Mode">The mode now in force.</param>
/// <param name="Since">When it switched.</param>
/// <param name="Source">What decided: <c>sensor</c>, <c>brightness</c>, <c>schedule</c> (sunrise/sunset) or <c>forced</c>.</param>
/// <param name="Lux">The light sensor's reading at the switch, or null without a sensor.</param>
/// <param name="Brightness">Mean luma (0–255) of the analysis frame at the switch, or null before the first frame.</param>
public sealed record NightVisionChanged(
    string CameraId,
    NightVisionMode Mode,
    DateTimeOffset Since,
    string Source,
    double? Lux = null,
    double? Brightness = null)
{
    public int SchemaVersion { get; init; } = Schema.Version;
}

/// <summary>Writes <see cref="NightVisionMode"/> as camelCase strings ("night").</summary>
public sealed class NightVisionModeJsonConverter : JsonStringEnumConverter<NightVisionMode>
{
    public NightVisionModeJsonConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
