using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;

namespace EdgeCam.Edge.Tests.Twin;

public class SettingsReaderTests
{
    [Fact]
    public void Parse_EmptyDocument_GivesDefaults()
    {
        var settings = SettingsReader.Parse([], SampleSettings.Read);

        Assert.Equal(new SampleSettings(25, 0.5, true, "camera", TimeSpan.FromSeconds(5), IrMode.Auto), settings);
    }

    [Fact]
    public void Parse_EveryType_ReadsValues()
    {
        var desired = Json("""
            { "$version": 7, "motion": { "threshold": 40, "minArea": 1.25 }, "enabled": false, "name": "porch", "preRollSecs": 2.5, "ir": "night" }
            """);

        var settings = SettingsReader.Parse(desired, SampleSettings.Read);

        Assert.Equal(new SampleSettings(40, 1.25, false, "porch", TimeSpan.FromSeconds(2.5), IrMode.Night), settings);
    }

    [Theory]
    [InlineData("""{ "motion": { "threshold": 300 } }""", "motion.threshold must be between 1 and 255, got 300")]
    [InlineData("""{ "motion": { "threshold": 2.5 } }""", "motion.threshold must be an integer, got 2.5")]
    [InlineData("""{ "motion": { "threshold": "high" } }""", "motion.threshold must be an integer, got \"high\"")]
    [InlineData("""{ "motion": { "minArea": -1 } }""", "motion.minArea must be between 0 and 100, got -1")]
    [InlineData("""{ "motion": 5 }""", "motion must be an object, got 5")]
    [InlineData("""{ "enabled": "yes" }""", "enabled must be true or false, got \"yes\"")]
    [InlineData("""{ "name": "" }""", "name must not be empty")]
    [InlineData("""{ "name": 3 }""", "name must be a string, got 3")]
    [InlineData("""{ "preRollSecs": 61 }""", "preRollSecs must be between 0 and 60 seconds, got 61")]
    [InlineData("""{ "ir": "dusk" }""", "ir must be one of Auto, Day, Night, got \"dusk\"")]
    [InlineData("""{ "ir": 1 }""", "ir must be one of Auto, Day, Night, got 1")]
    public void Parse_InvalidValue_ThrowsNamingPathAndReason(string json, string expected)
    {
        var desired = Json(json);

        var ex = Assert.Throws<SettingsValidationException>(() => SettingsReader.Parse(desired, SampleSettings.Read));

        Assert.Equal(expected, ex.Message);
        Assert.Single(ex.Errors);
    }

    [Fact]
    public void Parse_HugeInvalidValue_EchoesOnlyItsStartAndLength()
    {
        var huge = new string('x', 100_000);
        var desired = new JsonObject { ["motion"] = new JsonObject { ["threshold"] = huge } };

        var ex = Assert.Throws<SettingsValidationException>(() => SettingsReader.Parse(desired, SampleSettings.Read));

        Assert.StartsWith("motion.threshold must be an integer, got \"xxxx", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("... (100002 characters)", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 200, $"the message is {ex.Message.Length} characters long");
    }

    [Fact]
    public void Parse_SeveralInvalidValues_ReportsThemAll()
    {
        var desired = Json("""{ "motion": { "threshold": 0 }, "enabled": 1 }""");

        var ex = Assert.Throws<SettingsValidationException>(() => SettingsReader.Parse(desired, SampleSettings.Read));

        Assert.Equal(["motion.threshold", "enabled"], ex.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Parse_NullValue_MeansDefault()
    {
        var desired = Json("""{ "motion": { "threshold": null }, "name": null }""");

        var settings = SettingsReader.Parse(desired, SampleSettings.Read);

        Assert.Equal((25, "camera"), (settings.Threshold, settings.Name));
    }

    [Fact]
    public void Parse_UnknownProperties_ThrowsNamingEachWithTheKnownOnes()
    {
        var desired = Json("""{ "$version": 3, "motion": { "treshold": 9 }, "colour": "red" }""");

        var ex = Assert.Throws<SettingsValidationException>(() => SettingsReader.Parse(desired, SampleSettings.Read));

        Assert.Equal(["colour", "motion.treshold"], ex.Errors.Select(e => e.Path));
        Assert.Equal("is not a known setting (known here: minArea, threshold)", ex.Errors[1].Reason);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.2")]
    [InlineData("1")]
    [InlineData(null)]
    public void Parse_SchemaVersionOneXOrAbsent_Accepted(string? schemaVersion)
    {
        var desired = new JsonObject { ["schemaVersion"] = schemaVersion, ["name"] = "gate" };

        var settings = SettingsReader.Parse(desired, SampleSettings.Read);

        Assert.Equal("gate", settings.Name);
    }

    [Theory]
    [InlineData("\"2.0\"", "schemaVersion \"2.0\" is not supported: this module reads schema 1.x")]
    [InlineData("\"0.9\"", "schemaVersion \"0.9\" is not supported: this module reads schema 1.x")]
    [InlineData("2", "schemaVersion 2 is not supported: this module reads schema 1.x")]
    [InlineData("true", "schemaVersion must be a string \"major.minor\" such as \"1.0\", got true")]
    [InlineData("\"v1\"", "schemaVersion must be a string \"major.minor\" such as \"1.0\", got \"v1\"")]
    public void Parse_SchemaVersionNotOneX_ThrowsNamingItAndNothingElse(string schemaVersion, string expected)
    {
        var desired = Json($$"""{ "schemaVersion": {{schemaVersion}}, "motion": { "threshold": 0 }, "colour": "red" }""");

        var ex = Assert.Throws<SettingsValidationException>(() => SettingsReader.Parse(desired, SampleSettings.Read));

        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Describe_SampleSettings_ListsEveryPathWithTypeDefaultAndRange()
    {
        var described = SettingsReader.Describe(SampleSettings.Read);

        Assert.Equal(
            [
                "motion.threshold int 25 1–255",
                "motion.minArea number 0.5 0–100",
                "enabled bool true ",
                "name string \"camera\" ",
                "preRollSecs number 5 0–60",
                "ir string \"auto\" auto, day, night",
            ],
            described.Select(d => $"{d.Path} {d.Type} {d.Default?.ToJsonString()} {d.Range}"));
    }

    [Fact]
    public void UnknownProperties_ListsUnreadPathsButNotDollarProperties()
    {
        var reader = new SettingsReader(Json("""{ "$version": 3, "motion": { "threshold": 9, "treshold": 9 }, "colour": "red" }"""));

        SampleSettings.Read(reader);

        Assert.Equal(["colour", "motion.treshold"], reader.UnknownProperties.Order(StringComparer.Ordinal));
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public void AddError_CrossFieldRule_IsReportedWithPath()
    {
        var reader = new SettingsReader(Json("""{ "motion": { "min": 10, "max": 5 } }"""));
        var motion = reader.GetSection("motion");
        int min = motion.GetInt32("min", 0);
        int max = motion.GetInt32("max", 100);

        if (min > max)
        {
            motion.AddError("max", $"must be at least motion.min ({min}), got {max}");
        }

        var ex = Assert.Throws<SettingsValidationException>(reader.ThrowIfInvalid);
        Assert.Equal("motion.max must be at least motion.min (10), got 5", ex.Message);
    }

    [Fact]
    public void GetInt32_ValueBuiltInCode_IsReadLikeParsedJson()
    {
        var reader = new SettingsReader(new JsonObject { ["n"] = 12L, ["d"] = 1.5f });

        Assert.Equal(12, reader.GetInt32("n", 0));
        Assert.Equal(1.5, reader.GetDouble("d", 0));
    }

    [Theory]
    [InlineData("""{ "bytes": 9007199254740993 }""", 9007199254740993L)]
    [InlineData("""{ "bytes": 2.0E3 }""", 2000L)]
    public void GetInt64_LargeOrExponentInteger_IsExact(string json, long expected)
    {
        var reader = new SettingsReader(Json(json));

        Assert.Equal(expected, reader.GetInt64("bytes", 0, min: 1));
        Assert.Empty(reader.Errors);
    }

    [Theory]
    [InlineData("""{ "bytes": 0 }""", "bytes must be at least 1, got 0")]
    [InlineData("""{ "bytes": 1.5 }""", "bytes must be an integer, got 1.5")]
    public void GetInt64_Invalid_RecordsErrorAndReturnsDefault(string json, string error)
    {
        var reader = new SettingsReader(Json(json));

        Assert.Equal(7, reader.GetInt64("bytes", 7, min: 1));
        Assert.Equal(error, Assert.Single(reader.Errors).ToString());
    }

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
