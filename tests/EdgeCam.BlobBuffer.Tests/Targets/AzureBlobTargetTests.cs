using EdgeCam.BlobBuffer.Storage;
using EdgeCam.DevKit.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;

namespace EdgeCam.BlobBuffer.Tests.Targets;

[Trait("Category", "Integration")]
public sealed class AzureBlobTargetTests
{
    private const int BlockSize = 4 * 1024 * 1024;
    private const string BlobName = "cam1/2026/11/21/evt-9mib.mp4";

    [Fact]
    public async Task UploadAsync_NineMebibytesInFourMebibyteBlocks_BlobReadsBackIdentical()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        using var http = new HttpClient();
        var client = new BlobRestClient(http, StorageConnectionString.Parse(azurite.ConnectionString), TimeProvider.System);
        using var temp = new TempDirectory("blobtarget");
        var (job, content) = Job(temp);
        var counting = new CountingBlockBlobClient(client);

        var receipt = await new AzureBlobTarget(counting).UploadAsync(job, CancellationToken.None);

        Assert.Equal(3, receipt.BlocksSent);
        var (blob, headers) = await client.GetBlobAsync("edgecam", BlobName, CancellationToken.None);
        Assert.Equal(content.Length, blob.Length);
        Assert.Equal(ClipFiles.Md5(content), ClipFiles.Md5(blob));
        Assert.Equal("video/mp4", headers["Content-Type"]);
        Assert.Equal(ClipFiles.Md5(content), headers["Content-MD5"]);
        Assert.Equal("cam1", headers["x-ms-meta-camera"]);
        Assert.Equal("evt-9mib", headers["x-ms-meta-event"]);
        Assert.Equal(client.BlobUri("edgecam", BlobName).AbsoluteUri, receipt.Location);
    }

    [Fact]
    public async Task UploadAsync_AfterCrashWithTwoBlocksStaged_SendsOnlyTheMissingBlock()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        using var http = new HttpClient();
        var client = new BlobRestClient(http, StorageConnectionString.Parse(azurite.ConnectionString), TimeProvider.System);
        using var temp = new TempDirectory("blobtarget");
        var (job, content) = Job(temp);
        var crashing = new CountingBlockBlobClient(client, failAfterBlocks: 2);
        await Assert.ThrowsAsync<HttpRequestException>(() => new AzureBlobTarget(crashing).UploadAsync(job, CancellationToken.None));
        Assert.Equal(2, (await client.GetBlockListAsync("edgecam", BlobName, CancellationToken.None)).Count(b => !b.IsCommitted));
        var resumed = new CountingBlockBlobClient(client);

        var receipt = await new AzureBlobTarget(resumed).UploadAsync(job, CancellationToken.None);

        Assert.Equal([AzureBlobTarget.BlockId(BlockSize, 2)], resumed.SentBlockIds);
        Assert.Equal(1, receipt.BlocksSent);
        var (blob, _) = await client.GetBlobAsync("edgecam", BlobName, CancellationToken.None);
        Assert.Equal(content, blob);
    }

    [Fact]
    public void BlockId_AnyIndex_HasTheSameLength()
    {
        var lengths = new[] { 0, 9, 4999, 49_999 }.Select(i => AzureBlobTarget.BlockId(BlockSize, i).Length).Distinct();

        Assert.Single(lengths);
    }

    private static (UploadJob Job, byte[] Content) Job(TempDirectory temp)
    {
        var content = ClipFiles.Content((9 * 1024 * 1024) + 123, seed: 9);
        var path = temp.Combine("clip.mp4");
        File.WriteAllBytes(path, content);
        var start = new DateTimeOffset(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);
        var clip = new BufferedClip("id", "cam1", "evt-9mib", "clips/cam1/evt-9mib.mp4", start, start.AddSeconds(30), content.Length, ClipFiles.Md5(content), start);
        return (new UploadJob(clip, path, "edgecam", BlobName, BlockSize), content);
    }
}
