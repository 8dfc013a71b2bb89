namespace EdgeCam.Edge.Routing;

/// <summary>What a route's <c>FROM</c> path selects.</summary>
public enum RouteSourceKind
{
    /// <summary><c>/*</c>: every message and notification.</summary>
    All,

    /// <summary><c>/twinChangeNotifications</c>: twin change notifications (never an in-process message).</summary>
    TwinChangeNotifications,

    /// <summary><c>/messages/*</c>: every device or module message.</summary>
    AllMessages,

    /// <summary><c>/messages/modules/*</c>: every module message.</summary>
    AllModules,

    /// <summary><c>/messages/modules/{id}/*</c>: every message of one module.</summary>
    Module,

    /// <summary><c>/messages/modules/{id}/outputs/*</c>: every output of one module.</summary>
    ModuleOutputs,

    /// <summary><c>/messages/modules/{id}/outputs/{output}</c>: one output of one module.</summary>
    ModuleOutput,
}

/// <summary>The <c>FROM</c> part of a route.</summary>
/// <param name="Kind">Which form the path has.</param>
/// <param name="Path">The path as written.</param>
/// <param name="ModuleId">The module id for the module forms.</param>
/// <param name="OutputName">The output name for <see cref="RouteSourceKind.ModuleOutput"/>.</param>
public sealed record RouteSource(RouteSourceKind Kind, string Path, string? ModuleId = null, string? OutputName = null)
{
    /// <summary>True when a message that <paramref name="moduleId"/> sent on <paramref name="outputName"/> comes from this source.</summary>
    public bool Matches(string moduleId, string outputName) => Kind switch
    {
        RouteSourceKind.All or RouteSourceKind.AllMessages or RouteSourceKind.AllModules => true,
        RouteSourceKind.Module or RouteSourceKind.ModuleOutputs => string.Equals(ModuleId, moduleId, StringComparison.Ordinal),
        RouteSourceKind.ModuleOutput => string.Equals(ModuleId, moduleId, StringComparison.Ordinal)
            && string.Equals(OutputName, outputName, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Parses a source path; returns null when the path has none of the supported forms.</summary>
    internal static RouteSource? TryParse(string path)
    {
        if (path == "/*")
        {
            return new RouteSource(RouteSourceKind.All, path);
        }

        if (path == "/twinChangeNotifications")
        {
            return new RouteSource(RouteSourceKind.TwinChangeNotifications, path);
        }

        string[] parts = path.Split('/');
        if (parts.Length < 3 || parts[0].Length != 0 || parts[1] != "messages" || parts.Skip(1).Any(string.IsNullOrEmpty))
        {
            return null;
        }

        return parts switch
        {
            [_, _, "*"] => new RouteSource(RouteSourceKind.AllMessages, path),
            [_, _, "modules", "*"] => new RouteSource(RouteSourceKind.AllModules, path),
            [_, _, "modules", var id, "*"] when IsName(id) => new RouteSource(RouteSourceKind.Module, path, id),
            [_, _, "modules", var id, "outputs", "*"] when IsName(id) => new RouteSource(RouteSourceKind.ModuleOutputs, path, id),
            [_, _, "modules", var id, "outputs", var output] when IsName(id) && IsName(output) =>
                new RouteSource(RouteSourceKind.ModuleOutput, path, id, output),
            _ => null,
        };
    }

    internal static bool IsName(string segment) => segment.Length > 0 && !segment.Contains('*', StringComparison.Ordinal);

    public override string ToString() => Path;
}
