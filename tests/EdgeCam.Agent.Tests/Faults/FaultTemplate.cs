using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;
using EdgeCam.Testing;

namespace EdgeCam.Agent.Tests.Faults;

/// <summary>
/// The repository's deployment.template.json with the fault runs' settings merged over each module's desired
/// properties: the live camera as <c>libcamera</c>, and short events, rolls and segments so that runs of a few seconds
/// start and finish events. Everything else (routes, the other settings) is the template's.
/// </summary>
internal static class FaultTemplate
{
    public const string CameraId = "faultcam";

    public const string Container = "edgecam";

    /// <summary>Writes the template to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, int stallTimeoutSeconds = 30)
    {
        var source = Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json");
        var template = JsonNode.Parse(File.ReadAllText(source))!.AsObject();
        var content = template["modulesContent"]!;
        Merge(content, "CameraCapture", $$"""
            { "source": "libcamera", "cameraId": "{{CameraId}}", "segmentSeconds": 2,
              "camera": { "width": {{LiveCamera.Width}}, "height": {{LiveCamera.Height}}, "fps": {{LiveCamera.FramesPerSecond}} },
              "motion": { "eventGapSeconds": 2 } }
            """);
        Merge(content, "SegmentRecorder", """{ "preRollSeconds": 2, "postRollSeconds": 2, "clipTimeoutSeconds": 10 }""");
        Merge(content, "BlobBuffer", $$"""{ "container": "{{Container}}", "retryMinSeconds": 1, "retryMaxSeconds": 5, "stallTimeoutSeconds": {{stallTimeoutSeconds}} }""");
        Merge(content, "EventRouter", """{ "maxAlertsPerMinute": 600 }""");
        File.WriteAllText(path, template.ToJsonString());
        return path;
    }

    private static void Merge(JsonNode content, string module, string patch)
    {
        JsonMergePatch.Apply(content[module]!["properties.desired"]!.AsObject(), JsonNode.Parse(patch)!.AsObject());
    }
}
