using EdgeCam.Testing;

namespace EdgeCam.Architecture.Tests;

/// <summary>Folders by concept: no two namespaces of the product import each other.</summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void ProductNamespaces_NoTwoImportEachOther()
    {
        var root = RequiredTool.RepositoryRoot();
        var imports = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in new[] { "modules", "device" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories)))
        {
            if (SourceFiles.IsBuildOutput(file) || file.Contains("node_modules", StringComparison.Ordinal) || SourceFiles.Namespace(file) is not { } ns)
            {
                continue;
            }

            if (!imports.TryGetValue(ns, out var set))
            {
                imports[ns] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(SourceFiles.Imports(file).Where(u => u != ns));
        }

        var pairs = imports
            .SelectMany(a => a.Value.Where(b => string.CompareOrdinal(a.Key, b) < 0 && imports.TryGetValue(b, out var back) && back.Contains(a.Key))
                .Select(b => $"{a.Key} <-> {b}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(imports.Count > 30, $"only {imports.Count} namespaces found under modules/ and device/");
        Assert.Empty(pairs);
    }
}
