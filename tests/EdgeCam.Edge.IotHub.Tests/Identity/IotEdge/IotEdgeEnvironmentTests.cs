using EdgeCam.Edge.Identity.IotEdge;

namespace EdgeCam.Edge.IotHub.Tests.Identity.IotEdge;

[Trait("Category", "Unit")]
public sealed class IotEdgeEnvironmentTests
{
    public static Dictionary<string, string?> Variables(string workloadUri = "unix:///var/run/iotedge/workload.sock") => new()
    {
        ["IOTEDGE_IOTHUBHOSTNAME"] = "myhub.azure-devices.net",
        ["IOTEDGE_DEVICEID"] = "pi-1",
        ["IOTEDGE_MODULEID"] = "CameraCapture",
        ["IOTEDGE_GATEWAYHOSTNAME"] = "localhost",
        ["IOTEDGE_MODULEGENERATIONID"] = "637000000000000000",
        ["IOTEDGE_WORKLOADURI"] = workloadUri,
        ["IOTEDGE_AUTHSCHEME"] = "sasToken",
    };

    [Fact]
    public void TryRead_AllVariables_ReadsIdentityAndDefaultsTheApiVersion()
    {
        var variables = Variables();

        var environment = IotEdgeEnvironment.TryRead(name => variables.GetValueOrDefault(name), out var missing);

        Assert.Empty(missing);
        Assert.NotNull(environment);
        Assert.Equal(("myhub.azure-devices.net", "pi-1", "CameraCapture", "localhost"), (environment.IotHubHostName, environment.DeviceId, environment.ModuleId, environment.GatewayHostName));
        Assert.Equal("/var/run/iotedge/workload.sock", environment.WorkloadSocketPath);
        Assert.Equal("2018-06-28", environment.ApiVersion);
    }

    [Fact]
    public void TryRead_MissingVariables_NamesThemInOrder()
    {
        var variables = Variables();
        variables.Remove("IOTEDGE_MODULEGENERATIONID");
        variables["IOTEDGE_DEVICEID"] = "";

        var environment = IotEdgeEnvironment.TryRead(name => variables.GetValueOrDefault(name), out var missing);

        Assert.Null(environment);
        Assert.Equal(["IOTEDGE_DEVICEID", "IOTEDGE_MODULEGENERATIONID"], missing);
        Assert.True(IotEdgeEnvironment.AnySet(name => variables.GetValueOrDefault(name)));
        Assert.False(IotEdgeEnvironment.AnySet(_ => null));
    }

    [Theory]
    [InlineData("IOTEDGE_AUTHSCHEME", "x509", "only 'sasToken'")]
    [InlineData("IOTEDGE_WORKLOADURI", "http://localhost:15580", "expected unix:///")]
    public void TryRead_UnusableValue_ThrowsNamingTheVariable(string name, string value, string expected)
    {
        var variables = Variables();
        variables[name] = value;

        var ex = Assert.Throws<FormatException>(() => IotEdgeEnvironment.TryRead(n => variables.GetValueOrDefault(n), out _));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
