namespace EdgeCam.Testing.Azurite;

/// <summary>
/// Where the project-local Azurite lives, for BlobBuffer's <c>AzuriteProcess.StartAsync</c> (the one Azurite launcher,
/// shared with the demo). Fails the test with an install hint when Azurite or node is missing.
/// </summary>
public static class AzuriteTools
{
    /// <summary>The tools directory holding node_modules/azurite (device/tools), or fails the test.</summary>
    public static string Directory()
    {
        RequiredTool.OnPath("node", "nodejs");
        RequiredTool.AzuriteBlob();
        return Path.Combine(RequiredTool.RepositoryRoot(), "device", "tools");
    }
}
