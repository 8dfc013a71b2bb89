using System.Globalization;

namespace EdgeCam.Edge.Routing;

/// <summary>A node of a parsed <c>WHERE</c> condition.</summary>
internal abstract record ConditionNode
{
    /// <summary>True when the node yields a boolean (comparisons, logic, IS_DEFINED, true/false).</summary>
    public abstract bool IsBoolean { get; }

    public abstract QueryValue Evaluate(RouteMessageContext context);
}

internal sealed record LiteralNode(QueryValue Value) : ConditionNode
{
    public override bool IsBoolean => Value.Kind == QueryValueKind.Boolean;

    public override QueryValue Evaluate(RouteMessageContext context) => Value;

    public override string ToString() => Value.ToString();
}

/// <summary>An application property: always a string, undefined when absent.</summary>
internal sealed record ApplicationPropertyNode(string Name) : ConditionNode
{
    public override bool IsBoolean => false;

    public override QueryValue Evaluate(RouteMessageContext context) =>
        context.Message.Properties.TryGetValue(Name, out string? value) ? QueryValue.FromString(value) : QueryValue.Undefined;

    public override string ToString() => Name;
}

/// <summary>A system property such as <c>$connectionModuleId</c>.</summary>
internal sealed record SystemPropertyNode(string Name, Func<RouteMessageContext, string?> Read) : ConditionNode
{
    public override bool IsBoolean => false;

    public override QueryValue Evaluate(RouteMessageContext context) => QueryValue.FromString(Read(context));

    public override string ToString() => Name;
}

internal sealed record IsDefinedNode(ConditionNode Operand) : ConditionNode
{
    public override bool IsBoolean => true;

    public override QueryValue Evaluate(RouteMessageContext context) =>
        QueryValue.FromBoolean(Operand.Evaluate(context).Kind != QueryValueKind.Undefined);

    public override string ToString() => $"IS_DEFINED({Operand})";
}

internal sealed record NotNode(ConditionNode Operand) : ConditionNode
{
    public override bool IsBoolean => true;

    public override QueryValue Evaluate(RouteMessageContext context)
    {
        var value = Operand.Evaluate(context);
        return value.Kind == QueryValueKind.Boolean ? QueryValue.FromBoolean(!value.Boolean) : QueryValue.Undefined;
    }

    public override string ToString() => $"NOT ({Operand})";
}

/// <summary>AND / OR with three-valued logic: false AND undefined is false, true OR undefined is true.</summary>
internal sealed record LogicalNode(bool IsAnd, ConditionNode Left, ConditionNode Right) : ConditionNode
{
    public override bool IsBoolean => true;

    public override QueryValue Evaluate(RouteMessageContext context)
    {
        var left = Left.Evaluate(context);
        if (IsAnd ? left.IsFalse : left.IsTrue)
        {
            return left;
        }

        var right = Right.Evaluate(context);
        if (IsAnd ? right.IsFalse : right.IsTrue)
        {
            return right;
        }

        return left.Kind == QueryValueKind.Boolean && right.Kind == QueryValueKind.Boolean ? right : QueryValue.Undefined;
    }

    public override string ToString() => $"({Left}) {(IsAnd ? "AND" : "OR")} ({Right})";
}

/// <summary>A comparison. Values of different types (or undefined) compare as undefined, so the route does not match.</summary>
internal sealed record ComparisonNode(string Operator, ConditionNode Left, ConditionNode Right) : ConditionNode
{
    public override bool IsBoolean => true;

    public override QueryValue Evaluate(RouteMessageContext context)
    {
        int? order = QueryValue.Compare(Left.Evaluate(context), Right.Evaluate(context));
        if (order is not { } o)
        {
            return QueryValue.Undefined;
        }

        return QueryValue.FromBoolean(Operator switch
        {
            "=" => o == 0,
            "!=" or "<>" => o != 0,
            "<" => o < 0,
            "<=" => o <= 0,
            ">" => o > 0,
            ">=" => o >= 0,
            _ => throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"unknown operator {Operator}")),
        });
    }

    public override string ToString() => $"{Left} {Operator} {Right}";
}
