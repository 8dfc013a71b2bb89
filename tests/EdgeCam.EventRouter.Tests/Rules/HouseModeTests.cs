using EdgeCam.EventRouter.Rules;

namespace EdgeCam.EventRouter.Tests.Rules;

public sealed class HouseModeTests
{
    [Fact]
    public void ApplyDesired_SameValueAfterACommand_KeepsTheCommandsMode()
    {
        var mode = new HouseMode();
        mode.ApplyDesired(HouseModeKind.Home);
        mode.Set(HouseModeKind.Away, "mqtt");

        var changed = mode.ApplyDesired(HouseModeKind.Home); // a reconnect re-delivers the whole desired document

        Assert.False(changed);
        Assert.Equal((HouseModeKind.Away, "mqtt"), mode.State);
    }

    [Fact]
    public void ApplyDesired_NewValueAfterACommand_TwinWins()
    {
        var mode = new HouseMode();
        mode.ApplyDesired(HouseModeKind.Home);
        mode.Set(HouseModeKind.Away, "method");

        var changed = mode.ApplyDesired(HouseModeKind.Away);

        Assert.True(changed);
        Assert.Equal((HouseModeKind.Away, HouseMode.TwinSource), mode.State);
        Assert.True(mode.Set(HouseModeKind.Home, "method"));
        Assert.Equal(HouseModeKind.Home, mode.Current);
    }
}
