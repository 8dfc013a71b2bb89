using System.Xml.Linq;

namespace EdgeCam.Architecture.Tests;

/// <summary>The repository's projects and their references, read from the .csproj files.</summary>
internal sealed class ProjectGraph
{
    private readonly string _root;

    public ProjectGraph(string root) => _root = root;

    /// <summary>The names (file names without .csproj) of every project <paramref name="project"/> references, directly or not.</summary>
    public IReadOnlySet<string> ReferencesOf(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(Path.Combine(_root, project))]);
        while (pending.Count > 0)
        {
            var path = pending.Pop();
            foreach (var reference in ProjectReferences(path))
            {
                if (seen.Add(Path.GetFileNameWithoutExtension(reference)))
                {
                    pending.Push(reference);
                }
            }
        }

        return seen;
    }

    /// <summary>The NuGet packages a project names itself.</summary>
    public static IReadOnlySet<string> PackagesOf(string projectPath) =>
        XDocument.Load(projectPath).Descendants("PackageReference").Select(p => (string)p.Attribute("Include")!).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> ProjectReferences(string projectPath) =>
        XDocument.Load(projectPath).Descendants("ProjectReference")
            .Select(p => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(projectPath)!, ((string)p.Attribute("Include")!).Replace('\\', '/'))));
}
