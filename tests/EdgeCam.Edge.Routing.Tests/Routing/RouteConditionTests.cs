using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;

namespace EdgeCam.Edge.Routing.Tests.Routing;

public class RouteConditionTests
{
    private static readonly ModuleMessage Message = new(ReadOnlyMemory<byte>.Empty)
    {
        MessageId = "m-1",
        CorrelationId = "c-1",
        ContentType = "application/json",
        ContentEncoding = "utf-8",
        Properties = new Dictionary<string, string>
        {
            ["level"] = "critical",
            ["kind"] = "motion",
            ["quote"] = "it's",
            ["schema-version"] = "2",
        },
    };

    [Theory]
    [InlineData("level = 'critical'", true)]
    [InlineData("level = 'info'", false)]
    [InlineData("level != 'info'", true)]
    [InlineData("level <> 'critical'", false)]
    [InlineData("level < 'd'", true)]
    [InlineData("level <= 'critical'", true)]
    [InlineData("level > 'critical'", false)]
    [InlineData("level >= 'critical'", true)]
    [InlineData("2 < 10", true)]
    [InlineData("2.5 >= 2.5", true)]
    [InlineData("-1 > 0", false)]
    [InlineData("1e3 = 1000", true)]
    [InlineData("true = true", true)]
    [InlineData("true != false", true)]
    public void Matches_EachComparisonOperator_ComparesValues(string condition, bool expected)
    {
        var route = Parse(condition);

        Assert.Equal(expected, route.Condition!.Matches(Context()));
    }

    [Theory]
    [InlineData("level = \"critical\"", true)]
    [InlineData("quote = 'it\\'s'", true)]
    [InlineData("quote = \"it's\"", true)]
    [InlineData("level = '\\u0063ritical'", true)]
    [InlineData("level = 'crit\\\\ical'", false)]
    public void Matches_StringLiteralsWithQuotesAndEscapes_AreUnescaped(string condition, bool expected)
    {
        var route = Parse(condition);

        Assert.Equal(expected, route.Condition!.Matches(Context()));
    }

    [Theory]
    [InlineData("kind = 'motion' OR level = 'info' AND kind = 'health'", true)]
    [InlineData("(kind = 'motion' OR level = 'info') AND kind = 'health'", false)]
    [InlineData("NOT kind = 'health' AND level = 'critical'", true)]
    [InlineData("NOT (kind = 'motion' AND level = 'critical')", false)]
    [InlineData("not not kind = 'motion'", true)]
    [InlineData("kind = 'motion' and level = 'critical' or kind = 'x'", true)]
    public void Matches_LogicalOperators_FollowPrecedenceOrThenAndThenNot(string condition, bool expected)
    {
        var route = Parse(condition);

        Assert.Equal(expected, route.Condition!.Matches(Context()));
    }

    [Theory]
    [InlineData("IS_DEFINED(level)", true)]
    [InlineData("is_defined(missing)", false)]
    [InlineData("NOT IS_DEFINED($connectionModuleId)", false)]
    [InlineData("IS_DEFINED($connectionDeviceId)", true)]
    public void Matches_IsDefined_TellsWhetherThePropertyExists(string condition, bool expected)
    {
        var route = Parse(condition);

        Assert.Equal(expected, route.Condition!.Matches(Context()));
    }

    [Theory]
    [InlineData("$connectionModuleId = 'CameraCapture'", true)]
    [InlineData("$connectionDeviceId = 'pi-1'", true)]
    [InlineData("$contentType = 'application/json'", true)]
    [InlineData("$contentEncoding = 'utf-8'", true)]
    [InlineData("$messageId = 'm-1'", true)]
    [InlineData("$correlationId = 'c-1'", true)]
    [InlineData("$connectionModuleId = 'SegmentRecorder'", false)]
    public void Matches_SystemProperties_ReadTheMessageAndSender(string condition, bool expected)
    {
        var route = Parse(condition);

        Assert.Equal(expected, route.Condition!.Matches(Context()));
    }

    [Theory]
    [InlineData("missing = 'x'")]
    [InlineData("NOT missing = 'x'")]
    [InlineData("schema-version = 2")]
    [InlineData("NOT schema-version = 2")]
    [InlineData("missing = 'x' OR missing != 'x'")]
    public void Matches_UndefinedOrMismatchedTypes_NeverMatch(string condition)
    {
        var route = Parse(condition);

        Assert.False(route.Condition!.Matches(Context()));
    }

    [Theory]
    [InlineData("missing = 'x' OR kind = 'motion'", true)]
    [InlineData("missing = 'x' AND kind = 'health'", false)]
    public void Matches_UndefinedInLogic_UsesThreeValuedLogic(string condition, bool expected)
    {
        var route = Parse(condition);

        Assert.Equal(expected, route.Condition!.Matches(Context()));
    }

    private static Route Parse(string condition) => RouteParser.Parse("r", $"FROM /* WHERE {condition} INTO $upstream");

    private static RouteMessageContext Context() => new("CameraCapture", "motion", Message, "pi-1");
}
