namespace EdgeCam.Edge.Routing;

/// <summary>Where a route delivers: <see cref="UpstreamSink"/> or a <see cref="ModuleInputSink"/>. Sinks compare by value.</summary>
public abstract record RouteSink
{
    /// <summary><c>$upstream</c>: IoT Hub (in the agent: the <c>IUpstreamSink</c>).</summary>
    public static RouteSink Upstream { get; } = new UpstreamSink();
}

/// <summary><c>$upstream</c>.</summary>
public sealed record UpstreamSink : RouteSink
{
    public override string ToString() => "$upstream";
}

/// <summary><c>BrokeredEndpoint("/modules/{ModuleId}/inputs/{InputName}")</c>.</summary>
public sealed record ModuleInputSink(string ModuleId, string InputName) : RouteSink
{
    public override string ToString() => $"BrokeredEndpoint(\"/modules/{ModuleId}/inputs/{InputName}\")";
}
