using System.Text.Json.Nodes;

namespace EdgeCam.WebConsole.Settings;

/// <summary>The twins of the modules beside the console (the agent's in-process hub has them; a container does not).</summary>
public interface ITwinView
{
    /// <summary>The module ids, in deployment order.</summary>
    IReadOnlyList<string> ModuleIds { get; }

    /// <summary>The desired properties of <paramref name="moduleId"/>.</summary>
    JsonObject Desired(string moduleId);

    /// <summary>The reported properties of <paramref name="moduleId"/> (with <c>lastDesiredStatus</c>).</summary>
    JsonObject Reported(string moduleId);
}
