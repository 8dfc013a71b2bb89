using EdgeCam.Agent.Cli;
using EdgeCam.DevKit.Storage;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;

namespace EdgeCam.Agent.Tests.Demo;

/// <summary>What the demo does with input that is wrong: one clear line, a non-zero exit, nothing lost.</summary>
[Trait("Category", "Integration")]
public sealed class DemoBadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new("e2e-bad");

    public void Dispose() => _dir.Dispose();

    private static string Template => Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json");

    [Fact]
    public async Task Demo_SourceFileDoesNotExist_ExitsWithOneLineNamingTheSource()
    {
        var missing = _dir.Combine("no-such-camera.mp4");

        var run = await DemoRun.StartAsync(_dir.Combine("data"), "--source", missing, "--template", Template, "--no-azurite");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var line = Assert.Single(Lines(run.Error));
        Assert.Contains($"'{missing}'", line, StringComparison.Ordinal);
        Assert.Contains("no such file", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_SourceFileIsNotVideo_ExitsWithOneLineNamingTheSource()
    {
        RequiredTool.Ffmpeg();
        var garbage = _dir.Combine("garbage.mp4");
        await File.WriteAllBytesAsync(garbage, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());

        var run = await DemoRun.StartAsync(_dir.Combine("data"), "--source", garbage, "--fast", "--template", Template, "--no-azurite");

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.Describe());
        var line = Assert.Single(Lines(run.Error));
        Assert.Contains(garbage, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_RouteWithSyntaxError_ReportsRouteNameAndPosition()
    {
        var broken = File.ReadAllText(Template).Replace(
            "\"FROM /messages/modules/BlobBuffer/outputs/uploaded INTO",
            "\"FROM /messages/modules/BlobBuffer/outputs/uploaded INT0",
            StringComparison.Ordinal);
        var path = _dir.Combine("deployment.template.json");
        await File.WriteAllTextAsync(path, broken);

        var run = await DemoRun.StartAsync(_dir.Combine("data"), "--template", path, "--no-azurite");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var line = Assert.Single(Lines(run.Error));
        Assert.Contains("route 'uploadsToRouter'", line, StringComparison.Ordinal);
        Assert.Contains("position", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WrongStorageKey_Reports403AndKeepsTheClipBuffered()
    {
        RequiredTool.Ffmpeg();
        var camera = await SyntheticClip.GenerateAsync(
            _dir.Combine("camera.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(20), MotionIntervals = [MotionInterval.FromSeconds(6, 10)] },
            CancellationToken.None);
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var wrongKey = Convert.ToBase64String(new byte[64]);

        var run = await DemoRun.StartAsync(
            _dir.Combine("data"), "--source", camera.Path, "--fast", "--template", Template, "--storage", azurite.ConnectionStringWithKey(wrongKey));

        Assert.True(run.ExitCode == ExitCodes.ClipsStillBuffered, run.Describe());
        var summary = run.Summary();
        var clip = Assert.Single(summary.Clips);
        Assert.Null(clip.BlobName);
        Assert.Contains("403", summary.UploadError, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, run.Output + run.Error, StringComparison.Ordinal);
        var buffered = Directory.GetFiles(Path.Combine(summary.Files.SharedVolume, "buffer"), "*.mp4", SearchOption.AllDirectories);
        var kept = Assert.Single(buffered);
        Assert.Equal(clip.SizeBytes, new FileInfo(kept).Length);
    }

    [Theory]
    [InlineData("garbage", "not name=value")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=not*base64!", "AccountKey")]
    [InlineData("https://acct.blob.core.windows.net/clips?sv=2019-07-07&sp=rw", "sig=")]
    public async Task Demo_MalformedStorageCredential_OneLineNamingTheProblemAndExit2(string storage, string named)
    {
        var run = await DemoRun.StartAsync(_dir.Combine("data"), "--template", Template, "--no-azurite", "--storage", storage);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.Describe());
        var line = Assert.Single(Lines(run.Error));
        Assert.StartsWith("error: storage credential not usable: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("not*base64!", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
