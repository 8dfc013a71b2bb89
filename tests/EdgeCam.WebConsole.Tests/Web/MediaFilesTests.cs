using EdgeCam.Contracts;
using EdgeCam.Testing;
using EdgeCam.WebConsole.Web;

namespace EdgeCam.WebConsole.Tests.Web;

public class MediaFilesTests
{
    [Theory]
    [InlineData("clips/cam/e1.mp4", true)]
    [InlineData("snapshots/cam/e1.jpg", true)]
    [InlineData("buffer/store.json", false)]
    [InlineData("clips/cam/../../buffer/x.mp4", false)]
    [InlineData("spool/cam/s/seg_000000.ts", false)]
    [InlineData("console/password.hash", false)]
    public void Find_Path_ServesOnlyClipsAndSnapshots(string relativePath, bool served)
    {
        using var dir = new TempDirectory();
        foreach (var file in new[] { "clips/cam/e1.mp4", "snapshots/cam/e1.jpg", "buffer/store.json", "buffer/x.mp4", "spool/cam/s/seg_000000.ts", "console/password.hash" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dir.Combine(file))!);
            File.WriteAllText(dir.Combine(file), "x");
        }

        var found = new MediaFiles(new SharedVolume(dir.Path)).Find(relativePath);

        Assert.Equal(served, found is not null);
    }
}
