namespace EdgeCam.Arm64.Tests;

/// <summary>
/// The script's publish step, run once for every test of the collection (publishing the self-contained linux-arm64
/// build is the slow part; the steps after it reuse the output).
/// </summary>
public sealed class Arm64Publish : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);

    private Arm64Script? _run;

    public Task InitializeAsync() => EnsureAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Fails the calling test with the script's output when publishing failed.</summary>
    public void AssertSucceeded()
    {
        Assert.NotNull(_run);
        Assert.True(_run.ExitCode == 0, "tests/arm64/run.sh publish failed: " + _run.Describe());
    }

    private async Task EnsureAsync() => _run = await Arm64Script.RunAsync(Timeout, "publish");
}

[CollectionDefinition(Name)]
public sealed class Arm64Collection : ICollectionFixture<Arm64Publish>
{
    public const string Name = "linux-arm64 build";
}
