namespace EdgeCam.Edge.Routing;

/// <summary>A sink that receives a message, and the route that sent it there (the highest-priority one when several did).</summary>
public sealed record RouteMatch(Route Route, RouteSink Sink);
