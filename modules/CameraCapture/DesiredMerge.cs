using System.Text.Json.Nodes;

namespace EdgeCam.CameraCapture;

/// <summary>Merges a desired-properties patch into a document the way IoT Hub does: objects merge, null removes, anything else replaces.</summary>
internal static class DesiredMerge
{
    /// <summary>A new document: <paramref name="document"/> with <paramref name="patch"/> applied (neither is changed).</summary>
    public static JsonObject Apply(JsonObject document, JsonObject patch)
    {
        var result = (JsonObject)document.DeepClone();
        Merge(result, patch);
        return result;
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject)
            {
                Merge(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
