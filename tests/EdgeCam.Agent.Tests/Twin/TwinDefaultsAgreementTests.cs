using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer.Settings;
using EdgeCam.CameraCapture;
using EdgeCam.Edge.Twin;
using EdgeCam.EventRouter;
using EdgeCam.SegmentRecorder.Settings;
using EdgeCam.Testing;

namespace EdgeCam.Agent.Tests.Twin;

/// <summary>
/// Each twin default lives once, in the module's settings code. deployment.template.json (whose desired properties are
/// the agent's defaults) and each module README's twin table (name, type, default, range) must agree with it; these
/// tests fail on the first row or property that does not, naming it.
/// </summary>
public sealed class TwinDefaultsAgreementTests
{
    // Settings whose default is not a fixed value (the README shows "—"): the camera id is the module id, the source is required.
    private static readonly HashSet<string> NoFixedDefault = ["cameraId", "source"];

    public static TheoryData<string> Modules => ["CameraCapture", "SegmentRecorder", "BlobBuffer", "EventRouter"];

    [Theory]
    [MemberData(nameof(Modules))]
    public void TemplateDesiredProperties_EveryModule_EqualTheCodeDefaults(string module)
    {
        var code = CodeSettings(module).ToDictionary(d => d.Path);
        var desired = TemplateDesired(module);

        Assert.Null(SchemaVersion.Check(desired));
        foreach (var (path, value) in Leaves(desired, string.Empty, code))
        {
            Assert.True(code.TryGetValue(path, out var setting), $"{module}: the template sets '{path}', which the code does not read");
            if (!NoFixedDefault.Contains(path))
            {
                Assert.True(SameValue(setting.Default, value), $"{module}: template '{path}' is {value?.ToJsonString()}, the code default is {setting.Default?.ToJsonString()}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void ReadmeTwinTable_EveryModule_ListsEverySettingWithTheCodesTypeDefaultAndRange(string module)
    {
        var code = CodeSettings(module);
        var rows = ReadmeRows(module);

        Assert.Equal(code.Select(c => c.Path).Order(StringComparer.Ordinal), rows.Select(r => r.Name).Order(StringComparer.Ordinal));
        foreach (var setting in code)
        {
            var row = rows.Single(r => r.Name == setting.Path);
            Assert.True(setting.Type == row.Type, $"{module} README '{row.Name}': type {row.Type}, the code reads {setting.Type}");
            Assert.True(setting.Range == row.Range, $"{module} README '{row.Name}': range '{row.Range}', the code accepts '{setting.Range}'");
            if (row.Default is null)
            {
                Assert.True(setting.Default is null || NoFixedDefault.Contains(setting.Path), $"{module} README '{row.Name}': no default, the code default is {setting.Default?.ToJsonString()}");
            }
            else
            {
                Assert.True(SameValue(setting.Default, row.Default), $"{module} README '{row.Name}': default {row.Default.ToJsonString()}, the code default is {setting.Default?.ToJsonString()}");
            }
        }
    }

    private static IReadOnlyList<SettingDescription> CodeSettings(string module) => module switch
    {
        "CameraCapture" => SettingsReader.Describe(reader => CameraCaptureSettings.Read(reader, module)),
        "SegmentRecorder" => SettingsReader.Describe(SegmentRecorderSettings.Read),
        "BlobBuffer" => SettingsReader.Describe(BlobBufferSettings.Read),
        "EventRouter" => SettingsReader.Describe(EventRouterSettings.Read),
        _ => throw new ArgumentOutOfRangeException(nameof(module), module, "not a module"),
    };

    private static JsonObject TemplateDesired(string module)
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json")))!;
        return template["modulesContent"]![module]!["properties.desired"]!.AsObject();
    }

    // The template's settings by path: sections are walked, settings the code reads as whole objects (masks, zones) are not.
    private static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonObject section, string prefix, Dictionary<string, SettingDescription> code)
    {
        foreach (var (name, value) in section)
        {
            var path = prefix + name;
            if (name.StartsWith('$') || path == SchemaVersion.Name)
            {
                continue;
            }

            if (value is JsonObject inner && !(code.TryGetValue(path, out var setting) && setting.Type == "object"))
            {
                foreach (var leaf in Leaves(inner, path + ".", code))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (path, value);
            }
        }
    }

    // Rows of the table whose header starts "| name | type | default | range |". Default: a `literal` (JSON, or a bare
    // string) or "—" for none; range: the text with backticks removed; a fifth column is free notes.
    private static List<ReadmeRow> ReadmeRows(string module)
    {
        var lines = File.ReadAllLines(Path.Combine(RequiredTool.RepositoryRoot(), "modules", module, "README.md"));
        var header = Array.FindIndex(lines, l => Cells(l) is ["name", "type", "default", "range", ..]);
        Assert.True(header >= 0, $"{module} README has no twin table (| name | type | default | range |)");
        return lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).Select(l =>
        {
            var cells = Cells(l);
            return new ReadmeRow(cells[0].Trim('`'), cells[1], ParseDefault(cells[2]), cells[3].Replace("`", string.Empty, StringComparison.Ordinal));
        }).ToList();
    }

    private static string[] Cells(string line) =>
        line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    private static JsonNode? ParseDefault(string cell)
    {
        if (!cell.StartsWith('`'))
        {
            return null;
        }

        var literal = cell[1..cell.IndexOf('`', 1)];
        try
        {
            return JsonNode.Parse(literal) ?? JsonValue.Create(literal);
        }
        catch (JsonException)
        {
            return JsonValue.Create(literal);
        }
    }

    private static bool SameValue(JsonNode? expected, JsonNode? actual)
    {
        if (expected is JsonValue e && actual is JsonValue a && e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number)
        {
            return decimal.Parse(e.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) == decimal.Parse(a.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return JsonNode.DeepEquals(expected, actual);
    }

    private sealed record ReadmeRow(string Name, string Type, JsonNode? Default, string Range);
}
