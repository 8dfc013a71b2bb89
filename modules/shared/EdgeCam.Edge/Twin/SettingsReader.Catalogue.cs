using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Twin;

/// <summary>
/// One setting as the code reads it: its JSON path, its type (<c>int</c>, <c>number</c>, <c>bool</c>, <c>string</c>,
/// <c>object</c>), its default as JSON (null: no default) and its range (<c>1–254</c>, <c>≥ 5</c>, the names of an
/// enum, or empty). The module READMEs' twin tables and deployment.template.json are checked against these.
/// </summary>
public sealed record SettingDescription(string Path, string Type, JsonNode? Default, string Range);

/// <summary>The catalogue side of <see cref="SettingsReader"/>: what a settings reader reads, described from the code itself.</summary>
public sealed partial class SettingsReader
{
    /// <summary>
    /// Runs <paramref name="read"/> over an empty document and returns every setting it read, in reading order, with
    /// the defaults and ranges the code passed (the one place each default lives). Validation errors are ignored.
    /// </summary>
    public static IReadOnlyList<SettingDescription> Describe<T>(Func<SettingsReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var described = new List<SettingDescription>();
        read(new SettingsReader([], string.Empty, [], described));
        return described;
    }

    private void Catalogue(string name, string type, object? defaultValue, string range)
    {
        string path = Path(name);
        if (_described is null || _described.Exists(d => d.Path == path))
        {
            return;
        }

        JsonNode? value = defaultValue switch
        {
            null => null,
            JsonNode node => node,
            double d => JsonValue.Create(d),
            long l => JsonValue.Create(l),
            bool b => JsonValue.Create(b),
            string s => JsonValue.Create(s),
            _ => throw new ArgumentException($"unsupported default type {defaultValue.GetType().Name}", nameof(defaultValue)),
        };
        _described.Add(new SettingDescription(path, type, value, range));
    }

    private static string Range(double min, double max)
    {
        bool low = min > double.MinValue;
        bool high = max < double.MaxValue;
        return (low, high) switch
        {
            (true, true) => $"{Number(min)}–{Number(max)}",
            (true, false) => $"≥ {Number(min)}",
            (false, true) => $"≤ {Number(max)}",
            _ => string.Empty,
        };
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string CamelCase(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
