using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.Edge.Twin;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Edge.Tests.Twin;

[SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes the hub through IAsyncLifetime.DisposeAsync.")]
public sealed class TwinSettingsBindingTests : IAsyncLifetime
{
    private InProcessHub _hub = null!;
    private IModuleClient _client = null!;

    public async Task InitializeAsync()
    {
        var desired = new Dictionary<string, JsonObject>
        {
            ["CameraCapture"] = JsonNode.Parse("""{ "motion": { "threshold": 30 }, "name": "porch" }""")!.AsObject(),
        };
        _hub = new InProcessHub(RouteTable.Empty, desired, new RecordingUpstreamSink(), TimeProvider.System, NullLoggerFactory.Instance);
        _client = await _hub.CreateAsync("CameraCapture", default);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public void Current_BeforeOpen_IsTheCodeDefaults()
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);

        Assert.Equal(25, binding.Current.Threshold);
    }

    [Fact]
    public async Task OpenAsync_FullDocument_AppliesAndReports200WithVersion()
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        var changes = new List<SampleSettings>();
        binding.Changed += (_, s) => changes.Add(s);

        await _client.OpenAsync(default);

        Assert.Equal((30, "porch"), (binding.Current.Threshold, binding.Current.Name));
        Assert.Equal([binding.Current], changes);
        var reported = _hub.GetReportedProperties("CameraCapture");
        Assert.Equal("""{"code":200,"description":"applied","version":1}""", reported["lastDesiredStatus"]!.ToJsonString());
        Assert.False(string.IsNullOrEmpty(reported["version"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Patch_Valid_MergesIntoHeldDesiredAndParsesTheWhole()
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        await _client.OpenAsync(default);

        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "motion": { "minArea": 2 } }"""), default);

        Assert.Equal((30, 2.0, "porch"), (binding.Current.Threshold, binding.Current.MinArea, binding.Current.Name));
        Assert.Equal(2, binding.AppliedVersion);
        Assert.Equal(200, (int)_hub.GetReportedProperties("CameraCapture")["lastDesiredStatus"]!["code"]!);
    }

    [Fact]
    public async Task Patch_Invalid_KeepsPreviousSettingsAndReports400NamingTheProperty()
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        await _client.OpenAsync(default);
        var before = binding.Current;
        var changes = 0;
        binding.Changed += (_, _) => changes++;

        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "motion": { "threshold": 300, "minArea": 3 } }"""), default);

        Assert.Same(before, binding.Current);
        Assert.Equal(0, changes);
        Assert.Equal(1, binding.AppliedVersion);
        Assert.Equal(
            """{"code":400,"description":"motion.threshold must be between 1 and 255, got 300","version":2}""",
            _hub.GetReportedProperties("CameraCapture")["lastDesiredStatus"]!.ToJsonString());
    }

    [Fact]
    public async Task ApplyAsync_PatchAfterRejectedPatch_StillReports400NamingTheInvalidProperty()
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        await _client.OpenAsync(default);
        var before = binding.Current;
        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "motion": { "threshold": 300 } }"""), default);

        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "motion": { "minArea": 3 } }"""), default);

        Assert.Same(before, binding.Current);
        Assert.Equal(
            """{"code":400,"description":"motion.threshold must be between 1 and 255, got 300","version":3}""",
            _hub.GetReportedProperties("CameraCapture")["lastDesiredStatus"]!.ToJsonString());
    }

    [Fact]
    public async Task ApplyAsync_PatchAfterRejectedPatch_HeldDesiredMirrorsTheTwin()
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        await _client.OpenAsync(default);
        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "motion": { "threshold": 300 } }"""), default);

        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "name": "garage" }"""), default);

        Assert.Equal("""{"motion":{"threshold":300},"name":"garage","$version":3}""", binding.CurrentDesired.ToJsonString());
    }

    [Fact]
    public async Task ApplyAsync_PatchFixingTheInvalidProperty_AppliesEverythingTheTwinHolds()
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        await _client.OpenAsync(default);
        var changes = new List<SampleSettings>();
        binding.Changed += (_, s) => changes.Add(s);
        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "motion": { "threshold": 300 } }"""), default);
        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "motion": { "minArea": 3 }, "name": "garage" }"""), default);

        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "motion": { "threshold": 40 } }"""), default);

        Assert.Equal((40, 3.0, "garage"), (binding.Current.Threshold, binding.Current.MinArea, binding.Current.Name));
        Assert.Equal([binding.Current], changes);
        Assert.Equal(4, binding.AppliedVersion);
        Assert.Equal(
            """{"code":200,"description":"applied","version":4}""",
            _hub.GetReportedProperties("CameraCapture")["lastDesiredStatus"]!.ToJsonString());
    }

    [Fact]
    public async Task ApplyAsync_FullDocumentAfterRejectedPatch_ReplacesTheHeldDesiredAndApplies()
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        await _client.OpenAsync(default);
        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "motion": { "threshold": 300 } }"""), default);

        await binding.ApplyAsync(new DesiredPropertiesUpdate(Json("""{ "name": "yard", "$version": 7 }"""), IsFullDocument: true), default);

        Assert.Equal((25, "yard"), (binding.Current.Threshold, binding.Current.Name));
        Assert.Equal("""{"name":"yard","$version":7}""", binding.CurrentDesired.ToJsonString());
    }

    [Fact]
    public async Task Patch_NullValue_RemovesPropertySoDefaultApplies()
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        await _client.OpenAsync(default);

        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "motion": { "threshold": null } }"""), default);

        Assert.Equal(25, binding.Current.Threshold);
        Assert.False(binding.CurrentDesired["motion"]!.AsObject().ContainsKey("threshold"));
    }

    [Fact]
    public async Task Patch_UnknownProperty_KeepsPreviousSettingsAndReports400NamingIt()
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        await _client.OpenAsync(default);

        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "motion": { "treshold": 9, "minArea": 2 } }"""), default);

        var status = _hub.GetReportedProperties("CameraCapture")["lastDesiredStatus"]!;
        Assert.Equal(400, (int)status["code"]!);
        Assert.StartsWith("motion.treshold is not a known setting (known here: minArea, threshold)", status["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((30, 0.5), (binding.Current.Threshold, binding.Current.MinArea));
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.2")]
    public async Task Patch_SchemaVersionOneX_Applies(string schemaVersion)
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        await _client.OpenAsync(default);

        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", new JsonObject { ["schemaVersion"] = schemaVersion, ["name"] = "gate" }, default);

        Assert.Equal("gate", binding.Current.Name);
        Assert.Equal(200, (int)_hub.GetReportedProperties("CameraCapture")["lastDesiredStatus"]!["code"]!);
    }

    [Fact]
    public async Task Patch_SchemaVersionTwo_KeepsPreviousSettingsAndReports400NamingIt()
    {
        var binding = TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        await _client.OpenAsync(default);

        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "schemaVersion": "2.0", "name": "gate" }"""), default);

        var status = _hub.GetReportedProperties("CameraCapture")["lastDesiredStatus"]!;
        Assert.Equal(400, (int)status["code"]!);
        Assert.Equal("schemaVersion \"2.0\" is not supported: this module reads schema 1.x", status["description"]!.GetValue<string>());
        Assert.Equal("porch", binding.Current.Name);
    }

    [Fact]
    public async Task Version_IsReportedOnlyWithTheFirstStatus()
    {
        TwinSettingsBinding.Create(_client, SampleSettings.Read, NullLogger.Instance);
        await _client.OpenAsync(default);
        await _client.UpdateReportedPropertiesAsync(Json("""{ "version": null }"""), default);

        await _hub.UpdateDesiredPropertiesAsync("CameraCapture", Json("""{ "name": "x" }"""), default);

        Assert.False(_hub.GetReportedProperties("CameraCapture").ContainsKey("version"));
    }

    [Fact]
    public async Task Constructor_ParseFunctionThatThrows_ReportsItsMessage()
    {
        var binding = new TwinSettingsBinding<SampleSettings>(
            _client,
            json => json["name"]?.GetValue<string>() == "porch"
                ? throw new SettingsValidationException("name", "is reserved")
                : SettingsReader.Parse(json, SampleSettings.Read),
            NullLogger.Instance);

        await _client.OpenAsync(default);

        Assert.Equal("camera", binding.Current.Name);
        Assert.Equal("name is reserved", _hub.GetReportedProperties("CameraCapture")["lastDesiredStatus"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void Current_WhenDefaultsAreInvalidAndNothingValidArrived_Throws()
    {
        var binding = new TwinSettingsBinding<SampleSettings>(
            _client,
            json => json.ContainsKey("name") ? SettingsReader.Parse(json, SampleSettings.Read) : throw new SettingsValidationException("name", "is required"),
            NullLogger.Instance);

        Assert.False(binding.HasSettings);
        Assert.Throws<InvalidOperationException>(() => binding.Current);
    }

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();
}
