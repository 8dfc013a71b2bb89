using System.Text.RegularExpressions;

namespace EdgeCam.Architecture.Tests;

/// <summary>What a C# source file declares and imports, read from its text.</summary>
internal static partial class SourceFiles
{
    public static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    /// <summary>The file-scoped or block namespace, or null for top-level statements.</summary>
    public static string? Namespace(string path) => NamespacePattern().Match(File.ReadAllText(path)) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The EdgeCam namespaces a file imports with <c>using</c>.</summary>
    public static IEnumerable<string> Imports(string path) =>
        UsingPattern().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^\s*using\s+(EdgeCam[\w.]*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingPattern();
}
