namespace EdgeCam.Edge.Routing;

/// <summary>One parsed <c>$edgeHub</c> route.</summary>
/// <param name="Name">The route's name in the manifest.</param>
/// <param name="Text">The route text as written.</param>
/// <param name="Source">The <c>FROM</c> path.</param>
/// <param name="Condition">The <c>WHERE</c> condition, or null for none.</param>
/// <param name="Sink">The <c>INTO</c> sink.</param>
/// <param name="Priority">0 (highest) to 9, or null (lowest) when the route does not set one (schema 1.1).</param>
/// <param name="TimeToLiveSecs">The route's own message time to live, or null for the hub's default.</param>
public sealed record Route(
    string Name,
    string Text,
    RouteSource Source,
    RouteCondition? Condition,
    RouteSink Sink,
    int? Priority = null,
    int? TimeToLiveSecs = null)
{
    /// <summary>True when the route takes the message: the source matches and the condition (if any) is true.</summary>
    public bool Matches(RouteMessageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Source.Matches(context.ModuleId, context.OutputName) && (Condition is null || Condition.Matches(context));
    }
}
