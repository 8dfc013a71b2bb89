using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Routing;

/// <summary>
/// The routes of a deployment. Answers which sinks receive a message: each sink at most once, even when several
/// routes match; the route with the highest priority (0 first, routes without priority last, then manifest order)
/// is the one reported for a sink.
/// </summary>
public sealed class RouteTable
{
    private readonly Route[] _routes;

    public RouteTable(IEnumerable<Route> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var list = routes.ToList();
        var duplicate = list.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new RouteSyntaxException(duplicate.Key, null, "the route name is used more than once");
        }

        _routes = [.. list.Select((r, i) => (r, i)).OrderBy(x => x.r.Priority ?? int.MaxValue).ThenBy(x => x.i).Select(x => x.r)];
    }

    /// <summary>A table with no routes: every message goes nowhere.</summary>
    public static RouteTable Empty { get; } = new([]);

    /// <summary>The routes in priority order.</summary>
    public IReadOnlyList<Route> Routes => _routes;

    /// <summary>Parses the <c>routes</c> object of the <c>$edgeHub</c> desired properties.</summary>
    public static RouteTable Parse(JsonObject routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return new RouteTable(routes.Select(kv => RouteParser.Parse(kv.Key, kv.Value)).ToList());
    }

    /// <summary>Parses routes given as name → text.</summary>
    public static RouteTable Parse(IEnumerable<KeyValuePair<string, string>> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return new RouteTable(routes.Select(kv => RouteParser.Parse(kv.Key, kv.Value)).ToList());
    }

    /// <summary>The sinks that receive the message, each once, with the route that sends it there.</summary>
    public IReadOnlyList<RouteMatch> Match(RouteMessageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        List<RouteMatch>? matches = null;
        foreach (var route in _routes)
        {
            if (route.Matches(context) && (matches is null || !matches.Exists(m => m.Sink.Equals(route.Sink))))
            {
                (matches ??= []).Add(new RouteMatch(route, route.Sink));
            }
        }

        return matches ?? (IReadOnlyList<RouteMatch>)[];
    }

    /// <summary>The sinks that receive the message, each once.</summary>
    public IReadOnlyList<RouteSink> SinksFor(RouteMessageContext context) => [.. Match(context).Select(m => m.Sink)];
}
