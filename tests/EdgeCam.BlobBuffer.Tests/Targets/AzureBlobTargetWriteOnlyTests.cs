using System.Net;
using Azure.Storage.Sas;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.BlobBuffer.Tests.Targets;

/// <summary>
/// Uploads with a container SAS that may only create and write (sp=cw): no read, no list, no delete. Nothing here gives
/// the module an account key; the test checks with the key, from outside, what landed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AzureBlobTargetWriteOnlyTests
{
    private const string Container = "writeonly";
    private const string BlobName = "cam1/2026/11/21/evt-9mib.mp4";
    private const int BlockSize = 4 * 1024 * 1024;

    [Fact]
    public async Task UploadAsync_WriteOnlySas_CommitsTheClipAndTheSasCannotReadIt()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var sas = await WriteOnlySasAsync(azurite);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseContainerSasUrl(sas.AbsoluteUri));
        using var temp = new TempDirectory("writeonly");
        var (job, content) = Job(temp, staged: null);

        var receipt = await new AzureBlobTarget(client).UploadAsync(job, CancellationToken.None);

        var (blob, properties) = await StoredBlobs.ReadAsync(azurite, Container, BlobName);
        Assert.Equal(ClipFiles.Md5(content), ClipFiles.Md5(blob));
        Assert.Equal(ClipFiles.Md5(content), Convert.ToBase64String(properties.ContentHash));
        Assert.Equal((BlobName, 3), (receipt.BlobName, receipt.BlocksSent));
        Assert.False(client.CanRead);
        // The SAS really lacks r: a plain GET of the blob it just wrote, and Get Block List, are refused.
        Assert.Equal(HttpStatusCode.Forbidden, await GetStatusAsync(sas, BlobName));
        var refused = await Assert.ThrowsAsync<BlobStorageException>(() => client.GetBlockListAsync(Container, BlobName, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    [Fact]
    public async Task UploadAsync_WriteOnlySasAfterCrashWithTwoBlocksStaged_SendsOnlyTheBlockMissingFromTheRecord()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseContainerSasUrl((await WriteOnlySasAsync(azurite)).AbsoluteUri));
        using var temp = new TempDirectory("writeonly");
        var record = temp.Combine("clip.staged");
        var crashing = new CountingBlockBlobClient(client, failAfterBlocks: 2);
        using (var staged = new StagedBlocks(record))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => new AzureBlobTarget(crashing).UploadAsync(Job(temp, staged).Job, CancellationToken.None));
        }

        var resumed = new CountingBlockBlobClient(client);
        using var reopened = new StagedBlocks(record); // as after a restart: only the file carries what was staged
        var (job, content) = Job(temp, reopened);

        var receipt = await new AzureBlobTarget(resumed).UploadAsync(job, CancellationToken.None);

        Assert.Equal([AzureBlobTarget.BlockId(BlockSize, 2)], resumed.SentBlockIds);
        Assert.Equal(1, receipt.BlocksSent);
        Assert.Equal(content, (await StoredBlobs.ReadAsync(azurite, Container, BlobName)).Content);
    }

    [Fact]
    public async Task UploadAsync_WriteOnlySasAndSomeoneElsesBlobUnderTheName_KeepsItAndCommitsBesideIt()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseContainerSasUrl((await WriteOnlySasAsync(azurite)).AbsoluteUri));
        var other = ClipFiles.Content(1000, seed: 77);
        await StoredBlobs.Container(azurite, Container).UploadBlobAsync(BlobName, BinaryData.FromBytes(other));
        using var temp = new TempDirectory("writeonly");
        using var logs = new RecordingLoggerProvider();
        using var staged = new StagedBlocks(temp.Combine("clip.staged"));
        var (job, content) = Job(temp, staged);

        var receipt = await new AzureBlobTarget(client, TimeProvider.System, logs.CreateLogger("target")).UploadAsync(job, CancellationToken.None);

        var suffixed = AzureBlobTarget.WithMd5Suffix(BlobName, job.Clip.ContentMd5);
        Assert.Equal(suffixed, receipt.BlobName);
        Assert.Equal(other, (await StoredBlobs.ReadAsync(azurite, Container, BlobName)).Content);
        Assert.Equal(content, (await StoredBlobs.ReadAsync(azurite, Container, suffixed)).Content);
        Assert.Contains(suffixed, Assert.Single(logs.At(LogLevel.Warning)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadAsync_WriteOnlySasCommitAnswerLost_NextAttemptConfirmsItsOwnBlobWithoutSending()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseContainerSasUrl((await WriteOnlySasAsync(azurite)).AbsoluteUri));
        using var temp = new TempDirectory("writeonly");
        using var logs = new RecordingLoggerProvider();
        using var staged = new StagedBlocks(temp.Combine("clip.staged"));
        var (job, content) = Job(temp, staged);
        var lossy = new CountingBlockBlobClient(client) { LoseCommitAnswer = true };
        await Assert.ThrowsAsync<HttpRequestException>(() => new AzureBlobTarget(lossy).UploadAsync(job, CancellationToken.None));
        var again = new CountingBlockBlobClient(client);

        var receipt = await new AzureBlobTarget(again, TimeProvider.System, logs.CreateLogger("target")).UploadAsync(job, CancellationToken.None);

        Assert.Equal((BlobName, 0), (receipt.BlobName, receipt.BlocksSent));
        Assert.Empty(again.SentBlockIds);
        Assert.Equal(1, again.Commits);
        Assert.Equal(content, (await StoredBlobs.ReadAsync(azurite, Container, BlobName)).Content);
        Assert.False(await StoredBlobs.ExistsAsync(azurite, Container, AzureBlobTarget.WithMd5Suffix(BlobName, job.Clip.ContentMd5)));
        Assert.Empty(logs.At(LogLevel.Warning));
    }

    [Fact]
    public async Task UploadAsync_WriteOnlySasAndRecordedBlocksGoneFromStorage_StagesThemAgainAndCommits()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseContainerSasUrl((await WriteOnlySasAsync(azurite)).AbsoluteUri));
        using var temp = new TempDirectory("writeonly");
        using var logs = new RecordingLoggerProvider();
        var record = temp.Combine("clip.staged");
        var (job, content) = Job(temp, staged: null);
        using (var stale = new StagedBlocks(record))
        {
            // Blocks staged more than 7 days ago: the record says so, the service has dropped them.
            stale.RecordStaged(BlobName, AzureBlobTarget.BlockId(BlockSize, 0), BlockSize);
            stale.RecordStaged(BlobName, AzureBlobTarget.BlockId(BlockSize, 1), BlockSize);
        }

        using var staged = new StagedBlocks(record);
        var counting = new CountingBlockBlobClient(client);

        var receipt = await new AzureBlobTarget(counting, TimeProvider.System, logs.CreateLogger("target")).UploadAsync(job with { Staged = staged }, CancellationToken.None);

        Assert.Equal(content, (await StoredBlobs.ReadAsync(azurite, Container, BlobName)).Content);
        Assert.Equal((BlobName, 4), (receipt.BlobName, receipt.BlocksSent)); // one before the refused commit, three after
        Assert.Contains("7 days", Assert.Single(logs.At(LogLevel.Warning)), StringComparison.Ordinal);
    }

    /// <summary>A container made with the account key (a container SAS cannot create one) and a SAS that may only create and write in it.</summary>
    internal static async Task<Uri> WriteOnlySasAsync(AzuriteProcess azurite, string container = Container, DateTimeOffset? expiresOn = null)
    {
        await StoredBlobs.Container(azurite, container).CreateIfNotExistsAsync();
        var sas = azurite.ContainerSasUri(container, BlobContainerSasPermissions.Create | BlobContainerSasPermissions.Write, expiresOn ?? DateTimeOffset.UtcNow.AddHours(1));
        Assert.Contains("sp=cw&", sas.Query + "&", StringComparison.Ordinal);
        return sas;
    }

    /// <summary>The status of a plain GET of <paramref name="blobName"/> with the container SAS.</summary>
    internal static async Task<HttpStatusCode> GetStatusAsync(Uri containerSas, string blobName)
    {
        using var http = new HttpClient();
        var url = new UriBuilder(containerSas) { Path = containerSas.AbsolutePath + "/" + blobName }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-ms-version", AzureBlockBlobClient.DefaultServiceVersion);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static (UploadJob Job, byte[] Content) Job(TempDirectory temp, StagedBlocks? staged)
    {
        var (job, content) = AzureBlobTargetTests.Job(temp);
        return (job with { Container = Container, Staged = staged }, content);
    }
}
