using System.Text.Json.Nodes;
using EdgeCam.Edge.FileUpload;
using EdgeCam.Edge.IotHub;
using EdgeCam.Testing.IotHub;
using EdgeCam.Testing.Mosquitto;

namespace EdgeCam.Edge.IotHub.Tests.IotHub;

[Trait("Category", "Integration")]
public sealed class IotHubFileUploadSessionTests
{
    internal const string DeviceId = "pi-7";
    internal const string DeviceKey = "ZGV2aWNlLWtleS1vZi1waS03LWZvci10aGUtZmlsZS11cGxvYWQtdGVzdHMh";
    private const string OtherKey = "b3RoZXIta2V5LW9mLWEtZGV2aWNlLXRoYXQtaXMtbm90LXBpLTctYXQtYWxsIQ==";

    [Fact]
    public async Task StartAsync_DeviceIdentity_PostsTheBlobNameWithTheDeviceSasAndReturnsTheHubsGrant()
    {
        await using var hub = await FakeFileUploadHub.StartAsync(DeviceId, DeviceKey, storage: null, "uploads", CancellationToken.None);
        using var session = Session(hub, DeviceKey);

        var grant = await session.StartAsync("cam1/2026/11/21/evt1.mp4", CancellationToken.None);

        var request = Assert.Single(hub.Requests);
        Assert.Equal(200, request.Status);
        Assert.Equal("/devices/pi-7/files", request.Path);
        Assert.Equal("?api-version=2021-04-12", request.Query);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("cam1/2026/11/21/evt1.mp4", JsonNode.Parse(request.Body)!["blobName"]!.GetValue<string>());
        Assert.StartsWith("SharedAccessSignature sr=localhost%2Fdevices%2Fpi-7&sig=", request.Authorization, StringComparison.Ordinal);
        Assert.Equal("pi-7/cam1/2026/11/21/evt1.mp4", grant.BlobName);
        Assert.Equal(hub.Grants.Keys.Single(), grant.CorrelationId);
        Assert.StartsWith("http://127.0.0.1:9/devstoreaccount1/uploads?", grant.ContainerSasUri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("sr=b", grant.ContainerSasUri.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("sig", grant.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_AfterAGrant_PostsTheRestBodyWithTheCorrelationId()
    {
        await using var hub = await FakeFileUploadHub.StartAsync(DeviceId, DeviceKey, storage: null, "uploads", CancellationToken.None);
        using var session = Session(hub, DeviceKey);
        var grant = await session.StartAsync("cam1/evt2.mp4", CancellationToken.None);

        await session.CompleteAsync(new FileUploadCompletion(grant.CorrelationId, IsSuccess: false, 503, "storage unreachable"), CancellationToken.None);

        Assert.Equal(new FileUploadHubNotification(grant.CorrelationId, false, 503, "storage unreachable"), Assert.Single(hub.Notifications));
        var request = hub.Requests[^1];
        Assert.Equal("/devices/pi-7/files/notifications", request.Path);
        Assert.Equal("?api-version=2021-04-12", request.Query);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal(204, request.Status);
    }

    [Fact]
    public async Task StartAsync_WrongDeviceKey_OneLineWith401AndWhatToCheckButNoToken()
    {
        await using var hub = await FakeFileUploadHub.StartAsync(DeviceId, DeviceKey, storage: null, "uploads", CancellationToken.None);
        using var session = Session(hub, OtherKey);

        var ex = await Assert.ThrowsAsync<FileUploadException>(() => session.StartAsync("cam1/evt3.mp4", CancellationToken.None));

        Assert.Equal(401, ex.Status);
        Assert.Equal(
            "IoT Hub 'localhost' (device 'pi-7') answered 401 Unauthorized to the file upload request for 'cam1/evt3.mp4': ErrorCode:IotHubUnauthorizedAccess;Unauthorized; check the device key and the device clock",
            ex.Message);
        Assert.Empty(hub.Grants);
    }

    [Fact]
    public async Task StartAsync_HubCertificateFromAnotherCa_RefusedBeforeAnyRequest()
    {
        await using var hub = await FakeFileUploadHub.StartAsync(DeviceId, DeviceKey, storage: null, "uploads", CancellationToken.None);
        using var session = new IotHubFileUploadSession(
            ConnectionStringCredentials.Parse(hub.DeviceConnectionString),
            new IotHubFileUploadOptions { HttpsPort = hub.Port, CaFile = TestCertificates.Instance.OtherCaFile });

        var ex = await Assert.ThrowsAsync<FileUploadException>(() => session.StartAsync("cam1/evt4.mp4", CancellationToken.None));

        Assert.StartsWith("IoT Hub 'localhost' (device 'pi-7') could not be reached for the file upload request: ", ex.Message, StringComparison.Ordinal);
        Assert.Empty(hub.Requests);
    }

    [Theory]
    [InlineData("HostName=h.azure-devices.net;DeviceId=pi;ModuleId=BlobBuffer;SharedAccessKey=a2V5", "module identities do not support it")]
    [InlineData("HostName=h.azure-devices.net;DeviceId=pi;SharedAccessKey=a2V5;GatewayHostName=edge", "edgeHub does not offer file upload")]
    public void Constructor_ModuleOrGatewayIdentity_RefusedWithTheReason(string connectionString, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => new IotHubFileUploadSession(ConnectionStringCredentials.Parse(connectionString), new IotHubFileUploadOptions()));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    internal static IotHubFileUploadSession Session(FakeFileUploadHub hub, string key) => new(
        ConnectionStringCredentials.Parse($"HostName={FakeFileUploadHub.HostName};DeviceId={DeviceId};SharedAccessKey={key}"),
        new IotHubFileUploadOptions { HttpsPort = hub.Port, CaFile = FakeFileUploadHub.CaFile, StorageScheme = "http" });
}
