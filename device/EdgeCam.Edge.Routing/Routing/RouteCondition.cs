namespace EdgeCam.Edge.Routing;

/// <summary>A parsed <c>WHERE</c> condition of a route.</summary>
public sealed class RouteCondition
{
    private readonly ConditionNode _root;

    internal RouteCondition(string text, ConditionNode root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>The condition as written in the route.</summary>
    public string Text { get; }

    /// <summary>True when the condition evaluates to true for the message (undefined counts as no match).</summary>
    public bool Matches(RouteMessageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _root.Evaluate(context).IsTrue;
    }

    public override string ToString() => Text;
}
