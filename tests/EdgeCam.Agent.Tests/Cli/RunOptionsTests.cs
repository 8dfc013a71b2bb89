using EdgeCam.Agent.Cli;

namespace EdgeCam.Agent.Tests.Cli;

[Trait("Category", "Unit")]
public sealed class RunOptionsTests
{
    private const string Key = "c2VjcmV0LWRldmljZS1rZXktZm9yLWVkZ2VjYW0tYWdlbnQ=";

    [Fact]
    public void Parse_DpsGroupEnrollmentFromTheEnvironment_KeepsKeysOutOfToString()
    {
        var environment = new Dictionary<string, string?> { [RunOptions.DpsGroupKeyVariable] = Key };

        var options = RunOptions.Parse(["--dps-id-scope", "0ne00000001", "--dps-registration-id", "pi-1", "--port", "8884"], environment.GetValueOrDefault);

        Assert.True(options.UsesDps);
        Assert.Equal((Key, 8884), (options.DpsGroupKey, options.Port));
        Assert.DoesNotContain(Key, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("DPS 0ne00000001/pi-1", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Console_HostsTheWebConsole()
    {
        Assert.True(RunOptions.Parse(["--console"], _ => null).Console);
        Assert.False(RunOptions.Parse([], _ => null).Console);
    }

    [Theory]
    [InlineData("--dps-id-scope s --dps-registration-id r", "DPS needs --dps-key or --dps-group-key")]
    [InlineData("--dps-registration-id r --dps-key k", "DPS needs --dps-id-scope")]
    [InlineData("--dps-id-scope s --dps-registration-id r --dps-key k --dps-group-key g", "not both")]
    [InlineData("--connection-string x --dps-id-scope s", "either a connection string or DPS options")]
    [InlineData("--port 99999", "--port must be a TCP port")]
    [InlineData("--https-port 0", "--https-port must be a TCP port")]
    [InlineData("--storage iothub", "--storage iothub (IoT Hub file upload) needs an IoT Hub device identity")]
    [InlineData("--camera x", "unknown option '--camera'")]
    public void Parse_InconsistentOptions_SaysWhatIsWrong(string arguments, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => RunOptions.Parse(arguments.Split(' '), _ => null));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IotHubStorageFromTheEnvironmentWithAConnectionString_UsesFileUploadOnTheGivenHttpsPort()
    {
        var environment = new Dictionary<string, string?>
        {
            [RunOptions.ConnectionStringVariable] = $"HostName=localhost;DeviceId=pi-7;SharedAccessKey={Key}",
            ["EDGECAM_STORAGE"] = "iothub",
        };

        var options = RunOptions.Parse(["--https-port", "8443"], environment.GetValueOrDefault);

        Assert.True(options.UsesIotHubStorage);
        Assert.Equal(8443, options.HttpsPort);
        Assert.Equal((null, null), StorageArgument.Split(options.StorageConnectionString));
    }
}
