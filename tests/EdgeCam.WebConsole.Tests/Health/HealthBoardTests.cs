using EdgeCam.Contracts.Health;
using EdgeCam.WebConsole.Health;

namespace EdgeCam.WebConsole.Tests.Health;

public sealed class HealthBoardTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Snapshot_CountsAfterTheStateChange_ShowsTheCountsWithTheState()
    {
        var board = new HealthBoard();
        board.Observe(new CameraHealth("cam1", CaptureState.Running, "file", 0, 0, T0));

        board.Observe(new CameraFrameCounts("cam1", 120, 3, T0.AddSeconds(10)));

        var camera = Assert.Single(board.Snapshot().Cameras);
        Assert.Equal((CaptureState.Running, 120L, 3L, T0), (camera.State, camera.FramesAnalysed, camera.FramesDropped, camera.Time));
    }

    [Fact]
    public void Snapshot_StateChangeAfterTheCounts_ShowsTheStateChangesCounts()
    {
        var board = new HealthBoard();
        board.Observe(new CameraFrameCounts("cam1", 120, 3, T0.AddSeconds(10)));

        board.Observe(new CameraHealth("cam1", CaptureState.Restarting, "file", 130, 4, T0.AddSeconds(12), "ended"));

        var camera = Assert.Single(board.Snapshot().Cameras);
        Assert.Equal((CaptureState.Restarting, 130L, 4L), (camera.State, camera.FramesAnalysed, camera.FramesDropped));
    }

    [Fact]
    public void Snapshot_CountsOfACameraWithoutState_ListsNoCamera()
    {
        var board = new HealthBoard();

        board.Observe(new CameraFrameCounts("cam1", 120, 3, T0));

        Assert.Empty(board.Snapshot().Cameras);
    }
}
