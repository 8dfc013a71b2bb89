namespace EdgeCam.Deployment.Manifests;

/// <summary>What a generated manifest is for.</summary>
/// <param name="Platform">The image platform suffix: <c>amd64</c> or <c>arm64v8</c> (module.json's platforms).</param>
/// <param name="Version">The image version of the EdgeCam modules; null takes each module.json's <c>version</c>.</param>
/// <param name="Variables">Values of the template's <c>$VAR</c>/<c>${VAR}</c> placeholders (iotedgedev reads them from .env).</param>
public sealed record ManifestOptions(string Platform, string? Version, IReadOnlyDictionary<string, string> Variables)
{
    /// <summary>The platforms module.json builds.</summary>
    public static readonly IReadOnlyList<string> Platforms = ["amd64", "arm64v8"];
}
