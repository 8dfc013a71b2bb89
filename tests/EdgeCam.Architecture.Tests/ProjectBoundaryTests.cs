using EdgeCam.Testing;

namespace EdgeCam.Architecture.Tests;

/// <summary>
/// A project per audience: what a module image carries (the module surface and the transport), what only the agent
/// needs (the in-process hub and route engine, the demo's stand-ins), and a route engine with no transport under it.
/// </summary>
public sealed class ProjectBoundaryTests
{
    private static readonly string Root = RequiredTool.RepositoryRoot();
    private static readonly ProjectGraph Graph = new(Root);

    public static TheoryData<string> Modules => new() { "CameraCapture", "SegmentRecorder", "BlobBuffer", "EventRouter", "Console" };

    [Theory]
    [MemberData(nameof(Modules))]
    public void ModuleImage_References_NoAgentOnlyProject(string module)
    {
        var references = Graph.ReferencesOf($"modules/{module}/{module}.csproj");

        Assert.Contains("EdgeCam.Edge", references);
        Assert.Contains("EdgeCam.Edge.IotHub", references);
        Assert.DoesNotContain("EdgeCam.Edge.Routing", references);
        Assert.DoesNotContain("EdgeCam.DevKit", references);
        Assert.DoesNotContain("EdgeCam.Agent", references);
    }

    [Fact]
    public void RouteEngine_References_NoTransport()
    {
        const string project = "device/EdgeCam.Edge.Routing/EdgeCam.Edge.Routing.csproj";

        var references = Graph.ReferencesOf(project);

        Assert.Equal(["EdgeCam.Contracts", "EdgeCam.Edge"], references.Order(StringComparer.Ordinal));
        Assert.Empty(ProjectGraph.PackagesOf(Path.Combine(Root, project)));
    }

    [Fact]
    public void ModuleSurface_References_NoTransportOrRouting()
    {
        const string project = "modules/shared/EdgeCam.Edge/EdgeCam.Edge.csproj";

        Assert.Equal(["EdgeCam.Contracts"], Graph.ReferencesOf(project));
        Assert.Empty(ProjectGraph.PackagesOf(Path.Combine(Root, project)));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void ModuleCode_OutsideProgram_DoesNotNameTheTransport(string module)
    {
        string[] transport = ["EdgeCam.Edge.Mqtt", "EdgeCam.Edge.IotHub", "EdgeCam.Edge.Identity"];
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, "modules", module), "*.cs", SearchOption.AllDirectories)
            .Where(f => !SourceFiles.IsBuildOutput(f) && Path.GetFileName(f) != "Program.cs")
            .SelectMany(f => SourceFiles.Imports(f).Where(u => transport.Any(t => u == t || u.StartsWith(t + ".", StringComparison.Ordinal)))
                .Select(u => $"{Path.GetRelativePath(Root, f)}: using {u}"))
            .ToList();

        Assert.Empty(offenders);
    }
}
