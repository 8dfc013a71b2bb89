using System.Text.Json.Nodes;
using EdgeCam.Edge.InProcess;
using EdgeCam.WebConsole.Settings;

namespace EdgeCam.Agent.Hosting;

/// <summary>The hosted modules' twins as the web console shows them: read from the agent's in-process hub.</summary>
internal sealed class HubTwinView(InProcessHub hub, IReadOnlyList<string> moduleIds) : ITwinView
{
    public IReadOnlyList<string> ModuleIds => moduleIds;

    public JsonObject Desired(string moduleId) => hub.GetDesiredProperties(moduleId);

    public JsonObject Reported(string moduleId) => hub.GetReportedProperties(moduleId);
}
