using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Twin;

/// <summary>
/// Reads typed settings out of desired properties. Each getter returns the value, or the default when the property is
/// absent or null; a wrong type or an out-of-range value records an error with the property's JSON path and returns
/// the default, so one pass collects every error. Properties that were never read are reported as unknown;
/// names starting with <c>$</c> (such as <c>$version</c>) are ignored. <see cref="Parse{T}"/> (in
/// <c>SettingsReader.Policy.cs</c>) is the one way a module turns its desired properties into its settings record.
/// </summary>
public sealed partial class SettingsReader
{
    /// <summary>How much of an invalid value an error message repeats.</summary>
    public const int MaxEchoedValueLength = 80;

    private readonly JsonObject _json;
    private readonly string _prefix;
    private readonly List<SettingsError> _errors;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<SettingsReader> _sections = [];
    private readonly List<SettingDescription>? _described;

    public SettingsReader(JsonObject json)
        : this(json, string.Empty, [], null)
    {
    }

    private SettingsReader(JsonObject json, string prefix, List<SettingsError> errors, List<SettingDescription>? described)
    {
        ArgumentNullException.ThrowIfNull(json);
        _json = json;
        _prefix = prefix;
        _errors = errors;
        _described = described;
    }

    /// <summary>Every error found so far, in this reader and its sections.</summary>
    public IReadOnlyList<SettingsError> Errors => _errors;

    /// <summary>Throws a <see cref="SettingsValidationException"/> listing every error, if there is any.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new SettingsValidationException([.. _errors]);
        }
    }

    /// <summary>Records an error for a rule the getters cannot express (for example one setting must be below another).</summary>
    public void AddError(string name, string reason) => _errors.Add(new SettingsError(Path(name), reason));

    /// <summary>A reader for the nested object <paramref name="name"/> (empty when absent, so its getters return defaults).</summary>
    public SettingsReader GetSection(string name)
    {
        var node = Get(name);
        var section = node as JsonObject;
        if (node is not null && section is null)
        {
            AddError(name, $"must be an object, got {Describe(node)}");
        }

        var reader = new SettingsReader(section ?? [], Path(name) + ".", _errors, _described);
        _sections.Add(reader);
        return reader;
    }

    /// <summary>An integer between <paramref name="min"/> and <paramref name="max"/> (inclusive).</summary>
    public int GetInt32(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue) =>
        (int)GetInt64(name, defaultValue, min, max);

    /// <summary>
    /// An integer between <paramref name="min"/> and <paramref name="max"/> (inclusive), exact over the whole
    /// <see cref="long"/> range (byte counts and the like).
    /// </summary>
    public long GetInt64(string name, long defaultValue, long min = long.MinValue, long max = long.MaxValue)
    {
        Catalogue(name, "int", defaultValue, Range(min <= int.MinValue ? double.MinValue : min, max is int.MaxValue or long.MaxValue ? double.MaxValue : max));
        if (Get(name) is not { } node)
        {
            return defaultValue;
        }

        // decimal holds every long exactly (a double does not above 2^53) and accepts 3.0 and 1e3.
        if (node.GetValueKind() != JsonValueKind.Number
            || !decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number)
            || number != decimal.Truncate(number))
        {
            return Fail(name, $"must be an integer, got {Describe(node)}", defaultValue);
        }

        if (number >= min && number <= max)
        {
            return (long)number;
        }

        string range = max == long.MaxValue ? $"at least {min}" : $"between {min} and {max}";
        return Fail(name, string.Create(CultureInfo.InvariantCulture, $"must be {range}, got {Describe(node)}"), defaultValue);
    }

    /// <summary>A finite number between <paramref name="min"/> and <paramref name="max"/> (inclusive).</summary>
    public double GetDouble(string name, double defaultValue, double min = double.MinValue, double max = double.MaxValue)
    {
        Catalogue(name, "number", defaultValue, Range(min, max));
        if (Get(name) is not { } node)
        {
            return defaultValue;
        }

        if (!TryGetNumber(node, out double number))
        {
            return Fail(name, $"must be a number, got {Describe(node)}", defaultValue);
        }

        return number >= min && number <= max
            ? number
            : Fail(name, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}, got {Describe(node)}"), defaultValue);
    }

    /// <summary>A duration given in (possibly fractional) seconds, between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public TimeSpan GetSeconds(string name, TimeSpan defaultValue, TimeSpan min, TimeSpan max)
    {
        Catalogue(name, "number", defaultValue.TotalSeconds, Range(min.TotalSeconds, max.TotalSeconds));
        if (Get(name) is not { } node)
        {
            return defaultValue;
        }

        if (!TryGetNumber(node, out double seconds))
        {
            return Fail(name, $"must be a number of seconds, got {Describe(node)}", defaultValue);
        }

        return seconds >= min.TotalSeconds && seconds <= max.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : Fail(name, string.Create(CultureInfo.InvariantCulture, $"must be between {min.TotalSeconds} and {max.TotalSeconds} seconds, got {Describe(node)}"), defaultValue);
    }

    /// <summary>true or false.</summary>
    public bool GetBoolean(string name, bool defaultValue)
    {
        Catalogue(name, "bool", defaultValue, string.Empty);
        if (Get(name) is not { } node)
        {
            return defaultValue;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => Fail(name, $"must be true or false, got {Describe(node)}", defaultValue),
        };
    }

    /// <summary>A string; empty strings are errors unless <paramref name="allowEmpty"/>.</summary>
    public string GetString(string name, string defaultValue, bool allowEmpty = false)
    {
        Catalogue(name, "string", defaultValue, string.Empty);
        if (Get(name) is not { } node)
        {
            return defaultValue;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            return Fail(name, $"must be a string, got {Describe(node)}", defaultValue);
        }

        string value = node.GetValue<string>();
        return value.Length > 0 || allowEmpty ? value : Fail(name, "must not be empty", defaultValue);
    }

    /// <summary>The name of a member of <typeparamref name="TEnum"/>, case-insensitive (numbers are not accepted).</summary>
    public TEnum GetEnum<TEnum>(string name, TEnum defaultValue)
        where TEnum : struct, Enum
    {
        Catalogue(name, "string", CamelCase(defaultValue.ToString()), string.Join(", ", Enum.GetNames<TEnum>().Select(CamelCase)));
        if (Get(name) is not { } node)
        {
            return defaultValue;
        }

        string allowed = string.Join(", ", Enum.GetNames<TEnum>());
        if (node.GetValueKind() == JsonValueKind.String
            && Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, node.GetValue<string>(), StringComparison.OrdinalIgnoreCase)) is { } match)
        {
            return Enum.Parse<TEnum>(match);
        }

        return Fail(name, $"must be one of {allowed}, got {Describe(node)}", defaultValue);
    }

    /// <summary>A finite number between <paramref name="min"/> and <paramref name="max"/>, or null when absent (no default).</summary>
    public double? GetOptionalDouble(string name, double min, double max)
    {
        Catalogue(name, "number", null, Range(min, max));
        return Get(name) is null ? null : GetDouble(name, 0, min, max);
    }

    /// <summary>An object whose members the caller reads itself (named polygons and the like), or null when absent.</summary>
    public JsonObject? GetObject(string name)
    {
        Catalogue(name, "object", new JsonObject(), string.Empty);
        var node = Get(name);
        return node is null or JsonObject ? node as JsonObject : Fail<JsonObject?>(name, $"must be an object, got {Describe(node)}", null);
    }

    /// <summary>The raw node (for shapes the getters do not cover); marks the property as read.</summary>
    public JsonNode? GetNode(string name) => Get(name);

    private JsonNode? Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _read.Add(name);
        return _json.TryGetPropertyValue(name, out var node) ? node : null;
    }

    private T Fail<T>(string name, string reason, T defaultValue)
    {
        AddError(name, reason);
        return defaultValue;
    }

    private string Path(string name) => _prefix + name;

    private static bool TryGetNumber(JsonNode node, out double number)
    {
        number = 0;
        return node.GetValueKind() == JsonValueKind.Number
            && double.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)
            && double.IsFinite(number);
    }

    /// <summary>
    /// The offending value as JSON, cut to <see cref="MaxEchoedValueLength"/> characters: an error names the value, but a
    /// 100 KB property must not become a 100 KB log line or a reported status over the twin's 32 KB limit.
    /// </summary>
    private static string Describe(JsonNode node)
    {
        var json = node.ToJsonString();
        return json.Length <= MaxEchoedValueLength
            ? json
            : string.Create(CultureInfo.InvariantCulture, $"{json[..MaxEchoedValueLength]}... ({json.Length} characters)");
    }
}
