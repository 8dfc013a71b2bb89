using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Twin;

/// <summary>The policy every module's settings follow, applied in <see cref="Parse{T}"/> and nowhere else.</summary>
public sealed partial class SettingsReader
{
    /// <summary>
    /// Reads a module's settings record from its whole desired document, the same way in every module:
    /// <c>schemaVersion</c> must be absent or <c>1.x</c> (an unknown major rejects the document and nothing else is
    /// read), <paramref name="read"/> reads every property it knows, and any other property (a typo, or a setting of a
    /// newer version) is an error naming it. Names starting with <c>$</c> are twin metadata and ignored.
    /// </summary>
    /// <exception cref="SettingsValidationException">Some property is invalid or unknown; the message names every one.</exception>
    public static T Parse<T>(JsonObject desired, Func<SettingsReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(read);
        if (SchemaVersion.Check(desired) is { } schemaError)
        {
            throw new SettingsValidationException([schemaError]);
        }

        var reader = new SettingsReader(desired);
        reader.GetNode(SchemaVersion.Name);
        var settings = read(reader);
        reader.RejectUnknownProperties();
        reader.ThrowIfInvalid();
        return settings;
    }

    /// <summary>The JSON paths of properties that exist but were never read (typos or settings of a newer version).</summary>
    public IReadOnlyList<string> UnknownProperties
    {
        get
        {
            var unknown = _json
                .Where(kv => !kv.Key.StartsWith('$') && !_read.Contains(kv.Key))
                .Select(kv => Path(kv.Key))
                .ToList();
            unknown.AddRange(_sections.SelectMany(s => s.UnknownProperties));
            return unknown;
        }
    }

    /// <summary>Records an error for every property that was never read, naming the properties known at its level.</summary>
    public void RejectUnknownProperties()
    {
        var unknown = _json.Where(kv => !kv.Key.StartsWith('$') && !_read.Contains(kv.Key)).Select(kv => kv.Key).ToList();
        if (unknown.Count > 0)
        {
            string known = string.Join(", ", _read.Where(n => n != SchemaVersion.Name).Order(StringComparer.Ordinal));
            foreach (string name in unknown)
            {
                AddError(name, $"is not a known setting (known here: {known})");
            }
        }

        foreach (var section in _sections)
        {
            section.RejectUnknownProperties();
        }
    }
}
