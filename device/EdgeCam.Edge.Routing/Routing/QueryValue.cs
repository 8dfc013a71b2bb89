using System.Globalization;

namespace EdgeCam.Edge.Routing;

/// <summary>
/// A value in a route condition: a string, a number, a boolean, or undefined (a missing property, or a comparison
/// of values of different types). As in the IoT Hub query language, a condition matches only when it is true;
/// undefined is neither true nor false.
/// </summary>
internal readonly record struct QueryValue
{
    private QueryValue(QueryValueKind kind, string? text, double number, bool boolean)
    {
        Kind = kind;
        Text = text;
        Number = number;
        Boolean = boolean;
    }

    public static QueryValue Undefined { get; } = new(QueryValueKind.Undefined, null, 0, false);

    public static QueryValue True { get; } = FromBoolean(true);

    public static QueryValue False { get; } = FromBoolean(false);

    public QueryValueKind Kind { get; }

    public string? Text { get; }

    public double Number { get; }

    public bool Boolean { get; }

    public bool IsTrue => Kind == QueryValueKind.Boolean && Boolean;

    public bool IsFalse => Kind == QueryValueKind.Boolean && !Boolean;

    public static QueryValue FromString(string? text) => text is null ? Undefined : new(QueryValueKind.String, text, 0, false);

    public static QueryValue FromNumber(double number) => new(QueryValueKind.Number, null, number, false);

    public static QueryValue FromBoolean(bool value) => new(QueryValueKind.Boolean, null, 0, value);

    /// <summary>Compares two values of the same type; returns null when they are not comparable.</summary>
    public static int? Compare(QueryValue left, QueryValue right)
    {
        if (left.Kind != right.Kind || left.Kind == QueryValueKind.Undefined)
        {
            return null;
        }

        return left.Kind switch
        {
            QueryValueKind.String => string.CompareOrdinal(left.Text, right.Text),
            QueryValueKind.Number => left.Number.CompareTo(right.Number),
            _ => left.Boolean.CompareTo(right.Boolean),
        };
    }

    public override string ToString() => Kind switch
    {
        QueryValueKind.String => $"'{Text}'",
        QueryValueKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        QueryValueKind.Boolean => Boolean ? "true" : "false",
        _ => "undefined",
    };
}

/// <summary>The type of a <see cref="QueryValue"/>.</summary>
internal enum QueryValueKind
{
    Undefined,
    String,
    Number,
    Boolean,
}
