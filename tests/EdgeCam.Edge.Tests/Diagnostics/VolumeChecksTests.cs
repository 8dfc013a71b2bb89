using EdgeCam.Edge.Diagnostics;
using EdgeCam.Testing;

namespace EdgeCam.Edge.Tests.Diagnostics;

public class VolumeChecksTests
{
    [Fact]
    public async Task FreeDiskCheck_FloorZero_OkSayingHowMuchIsFree()
    {
        using var dir = new TempDirectory();

        var result = await new FreeDiskCheck(dir.Path, floorBytes: 0).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Matches(@"^\d+ MiB free on ", result.Line);
    }

    [Fact]
    public async Task FreeDiskCheck_FloorAboveAnyDisk_FailsSayingFreeAndFloor()
    {
        using var dir = new TempDirectory();

        var result = await new FreeDiskCheck(dir.Path, floorBytes: long.MaxValue).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Matches(@"^only \d+ MiB free on .* \(floor \d+ MiB\); ", result.Line);
    }

    [Fact]
    public async Task FreeDiskCheck_MissingDirectory_FailsNamingIt()
    {
        using var dir = new TempDirectory();
        var missing = Path.Combine(dir.Path, "absent");

        var result = await new FreeDiskCheck(missing).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith($"{missing} does not exist", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WritableDirectoryCheck_TempDirectory_OkAndLeavesNoProbe()
    {
        using var dir = new TempDirectory();

        var result = await new WritableDirectoryCheck(dir.Path).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task WritableDirectoryCheck_PathIsAFile_Fails()
    {
        // A regular file in place of the volume: writing under it fails even as root.
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "not-a-directory");
        await File.WriteAllTextAsync(file, "x");

        var result = await new WritableDirectoryCheck(file).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith($"cannot write to {file}", result.Line, StringComparison.Ordinal);
    }
}
