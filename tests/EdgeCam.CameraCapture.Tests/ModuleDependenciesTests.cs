using System.Reflection;
using System.Text.Json.Nodes;

namespace EdgeCam.CameraCapture.Tests;

/// <summary>
/// OpenCV (OpenCvSharp4) is the motion detector's oracle and speed anchor in tests only: this test project references
/// it, the module must not. Its image carries what the module's own dependency manifest lists, and there is no OpenCV
/// runtime for the Pi's ARM in this project's package registry.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ModuleDependenciesTests
{
    private static readonly Assembly Module = typeof(CameraCaptureModule).Assembly;

    [Fact]
    public void DepsJson_ModuleManifest_ListsNoOpenCvLibrary()
    {
        // The build copies the referenced module's EdgeCam.CameraCapture.deps.json next to its dll.
        var path = Path.ChangeExtension(Module.Location, ".deps.json");

        var libraries = JsonNode.Parse(File.ReadAllText(path))!["libraries"]!.AsObject().Select(l => l.Key).ToList();

        Assert.Contains(libraries, l => l.StartsWith("EdgeCam.Media/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.Contains("opencv", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void GetReferencedAssemblies_ModuleAndItsEdgeCamLibraries_NoneIsOpenCvSharp()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<AssemblyName>([Module.GetName()]);

        while (pending.TryDequeue(out var name))
        {
            if (!seen.Add(name.Name!) || !name.Name!.StartsWith("EdgeCam.", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                pending.Enqueue(reference);
            }
        }

        Assert.Contains("EdgeCam.Edge", seen);
        Assert.DoesNotContain(seen, n => n.StartsWith("OpenCvSharp", StringComparison.Ordinal));
    }
}
