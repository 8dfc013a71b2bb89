using EdgeCam.EventRouter.Commands;
using EdgeCam.EventRouter.Rules;

namespace EdgeCam.EventRouter.Tests.Commands;

public sealed class CommandParserTests
{
    [Fact]
    public void Parse_FullTrigger_GivesEveryField()
    {
        var (command, problem) = CommandParser.Parse("trigger", """{"cameraId":"cam1","seconds":20,"reason":"doorbell","triggerId":"ring-42","preRollSeconds":8}""");

        Assert.Null(problem);
        Assert.Equal(new TriggerCommand("cam1", 20, "doorbell", "ring-42", 8), command);
    }

    [Fact]
    public void Parse_SetMode_GivesTheMode()
    {
        Assert.Equal(new SetModeCommand(HouseModeKind.Away), CommandParser.Parse("setMode", """{"mode":"away"}""").Command);
    }

    [Theory]
    [InlineData("trigger", """{"seconds":20}""", "cameraId is required")]
    [InlineData("trigger", """{"cameraId":"cam1"}""", "seconds is required")]
    [InlineData("trigger", """{"cameraId":"cam1","seconds":0}""", "seconds must be")]
    [InlineData("trigger", """{"cameraId":"cam1","seconds":5,"preRollSeconds":61}""", "preRollSeconds must be")]
    [InlineData("trigger", """{"cameraId":"cam1","seconds":5,"camera":"x"}""", "camera is not a known setting")]
    [InlineData("trigger", "[1]", "the trigger payload must be a JSON object")]
    [InlineData("setMode", "{}", "mode is required")]
    [InlineData("setMode", """{"mode":"party"}""", "mode must be one of Home, Away")]
    [InlineData("reboot", "{}", "unknown command 'reboot'")]
    public void Parse_BadCommand_OneLineNamingWhatIsWrong(string name, string payload, string expected)
    {
        var (command, problem) = CommandParser.Parse(name, payload);

        Assert.Null(command);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem!);
    }
}
