using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.SegmentRecorder.Settings;

/// <summary>
/// Keeps the desired section and the settings parsed from it. A patch is merged into a copy and validated as a whole:
/// an invalid one changes nothing. Thread-safe.
/// </summary>
public sealed class DesiredSettings
{
    private readonly Lock _gate = new();
    private JsonObject _desired = [];

    public DesiredSettings(SegmentRecorderSettings? initial = null)
    {
        Current = initial ?? SegmentRecorderSettings.Default;
    }

    /// <summary>The settings in force.</summary>
    public SegmentRecorderSettings Current { get; private set; }

    /// <summary>Applies a full desired section or a patch; returns the reported status (200, or 400 naming the property).</summary>
    public DesiredStatus Apply(DesiredPropertiesUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            var merged = update.IsFullDocument ? (JsonObject)update.Properties.DeepClone() : Merge(_desired, update.Properties);
            try
            {
                var parsed = SegmentRecorderSettings.Parse(merged);
                _desired = merged;
                Current = parsed;
                return new DesiredStatus(200, "applied", update.Version, null);
            }
            catch (SettingsException ex)
            {
                return new DesiredStatus(400, ex.Message, update.Version, ex.PropertyName);
            }
        }
    }

    private static JsonObject Merge(JsonObject current, JsonObject patch)
    {
        var merged = (JsonObject)current.DeepClone();
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                merged.Remove(name);
            }
            else
            {
                merged[name] = value.DeepClone();
            }
        }

        return merged;
    }
}

/// <summary>The <c>lastDesiredStatus</c> the module reports.</summary>
/// <param name="Code">200 applied, 400 rejected.</param>
/// <param name="Description">What happened; for a 400 it names the property and the rule.</param>
/// <param name="Version">The desired <c>$version</c> it answers.</param>
/// <param name="Property">The invalid property, or null.</param>
public sealed record DesiredStatus(int Code, string Description, long Version, string? Property)
{
    /// <summary>The reported-properties patch.</summary>
    public JsonObject ToReported()
    {
        var status = new JsonObject { ["code"] = Code, ["description"] = Description, ["version"] = Version };
        if (Property is not null)
        {
            status["property"] = Property;
        }

        return new JsonObject { ["lastDesiredStatus"] = status };
    }
}
