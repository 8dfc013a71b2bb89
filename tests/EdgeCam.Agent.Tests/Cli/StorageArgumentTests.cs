using EdgeCam.Agent.Cli;

namespace EdgeCam.Agent.Tests.Cli;

public sealed class StorageArgumentTests
{
    [Fact]
    public void FromEnvironment_GarbageConnectionString_ProblemIsOneLineWithoutTheValue()
    {
        var environment = new Dictionary<string, string?> { ["EDGECAM_STORAGE_CONNECTION_STRING"] = "garbage" };

        var problem = StorageArgument.Problem(StorageArgument.FromEnvironment(name => environment.GetValueOrDefault(name)));

        Assert.NotNull(problem);
        Assert.DoesNotContain('\n', problem);
        Assert.DoesNotContain("garbage", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_OnlySasUrl_IsTheSasUrlAndSplitsIntoTheSasVariable()
    {
        const string Sas = "https://acct.blob.core.windows.net/clips?sv=2019-07-07&sp=rw&sig=abc";
        var environment = new Dictionary<string, string?> { ["EDGECAM_STORAGE_SAS_URL"] = Sas };

        var value = StorageArgument.FromEnvironment(name => environment.GetValueOrDefault(name));

        Assert.Equal(Sas, value);
        Assert.Null(StorageArgument.Problem(value));
        Assert.Equal((null, Sas), StorageArgument.Split(value));
    }

    [Fact]
    public void Problem_NoValue_IsNull() => Assert.Null(StorageArgument.Problem(null));
}
