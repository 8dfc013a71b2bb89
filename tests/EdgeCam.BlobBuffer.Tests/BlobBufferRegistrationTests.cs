using EdgeCam.Edge.FileUpload;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCam.BlobBuffer.Tests;

public sealed class BlobBufferRegistrationTests
{
    [Fact]
    public void AddBlobBuffer_IotHubStorageWithoutADeviceIdentity_RefusedWithOneLineSayingModulesCannotUseFileUpload()
    {
        var configuration = Configuration(("EDGECAM_STORAGE", "iothub"));

        var ex = Assert.Throws<FormatException>(() => new ServiceCollection().AddBlobBuffer(configuration));

        Assert.Equal(BlobBufferOptions.FileUploadNeedsDeviceIdentity, ex.Message);
        Assert.Contains("module identities do not support it and edgeHub does not offer it", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void AddBlobBuffer_IotHubStorageWithTheAgentsSession_Registers()
    {
        var services = new ServiceCollection().AddSingleton<IFileUploadSession>(new NoHub());

        services.AddBlobBuffer(Configuration(("EDGECAM_STORAGE", "iothub")));

        Assert.Contains(services, d => d.ServiceType == typeof(IFileUploadSession));
    }

    [Theory]
    [InlineData("iothub", "EDGECAM_STORAGE_SAS_URL", "https://acct.blob.core.windows.net/clips?sv=2019-07-07&sp=cw&sig=abc", "keep one")]
    [InlineData("blob", null, null, "EDGECAM_STORAGE must be 'iothub' (IoT Hub file upload) or unset, got 'blob'.")]
    public void FromConfiguration_BadStorageChoice_OneLineNamingIt(string storage, string? otherName, string? otherValue, string expected)
    {
        var configuration = Configuration(("EDGECAM_STORAGE", storage), (otherName ?? "unused", otherValue));

        var ex = Assert.Throws<FormatException>(() => BlobBufferOptions.FromConfiguration(configuration));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=abc", ex.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Name, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Name, v.Value)).Append(KeyValuePair.Create<string, string?>("EDGECAM_DATA", Path.GetTempPath()))).Build();

    private sealed class NoHub : IFileUploadSession
    {
        public string Description => "no hub";

        public string DeviceId => "d";

        public Task<FileUploadGrant> StartAsync(string blobName, CancellationToken cancellationToken) => throw new FileUploadException("no hub");

        public Task CompleteAsync(FileUploadCompletion completion, CancellationToken cancellationToken) => throw new FileUploadException("no hub");
    }
}
