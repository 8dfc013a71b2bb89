namespace EdgeCam.Edge.Routing;

/// <summary>
/// A route of the <c>$edgeHub</c> desired properties could not be parsed, or uses a feature EdgeCam does not support yet.
/// The message names the route and, for errors inside the route text, the 1-based character position.
/// </summary>
public sealed class RouteSyntaxException : FormatException
{
    public RouteSyntaxException()
        : this(string.Empty, null, "invalid route")
    {
    }

    public RouteSyntaxException(string message)
        : this(string.Empty, null, message)
    {
    }

    public RouteSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        RouteName = string.Empty;
        Reason = message;
    }

    public RouteSyntaxException(string routeName, int? position, string reason)
        : base(Format(routeName, position, reason))
    {
        RouteName = routeName;
        Position = position;
        Reason = reason;
    }

    /// <summary>The name of the route in the manifest.</summary>
    public string RouteName { get; }

    /// <summary>1-based character position in the route text, or null when the error is not inside the text (for example a bad name).</summary>
    public int? Position { get; }

    /// <summary>What is wrong, without the route name and position.</summary>
    public string Reason { get; }

    private static string Format(string routeName, int? position, string reason) =>
        position is { } p ? $"route '{routeName}': {reason} at position {p}" : $"route '{routeName}': {reason}";
}
