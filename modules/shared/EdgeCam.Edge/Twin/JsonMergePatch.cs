using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Twin;

/// <summary>JSON merge patch (RFC 7396), the way twins merge patches: objects merge recursively, null removes, anything else replaces.</summary>
public static class JsonMergePatch
{
    /// <summary>Merges <paramref name="patch"/> into <paramref name="target"/> in place. <paramref name="patch"/> is not modified.</summary>
    public static void Apply(JsonObject target, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(patch);
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject)
            {
                if (target[name] is not JsonObject targetObject)
                {
                    targetObject = [];
                    target[name] = targetObject;
                }

                Apply(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }

    /// <summary>A deep copy of <paramref name="target"/> with <paramref name="patch"/> merged in.</summary>
    public static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(target);
        var result = (JsonObject)target.DeepClone();
        Apply(result, patch);
        return result;
    }
}
