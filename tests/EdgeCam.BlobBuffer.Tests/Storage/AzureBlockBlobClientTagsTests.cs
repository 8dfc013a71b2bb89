using System.Collections.Concurrent;
using System.Net;
using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.BlobBuffer.Tests.Storage;

/// <summary>
/// A credential that may write but not set tags (a SAS without <c>t</c>): Azure answers the tagged Commit Block List
/// with 403 AuthorizationPermissionMismatch. Azurite does not check the <c>t</c> permission on a commit, so a loopback
/// endpoint plays Azure's part here.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AzureBlockBlobClientTagsTests
{
    private static readonly IReadOnlyDictionary<string, string> Metadata = new Dictionary<string, string>();

    [Fact]
    public async Task CommitBlockListAsync_CredentialMayNotSetTags_CommitsWithoutTagsOnceAndThenNeverSendsThem()
    {
        var commitsWithTags = new ConcurrentQueue<bool>();
        await using var endpoint = TagRefusingEndpoint(refuseWrites: false, commitsWithTags);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(endpoint.ConnectionString));
        var properties = new BlobCommitProperties("video/mp4", null, Metadata) { Tags = new Dictionary<string, string> { ["camera"] = "cam1" } };

        await client.CommitBlockListAsync("clips", "cam1/a.mp4", ["AAAA"], properties, CancellationToken.None);
        await client.CommitBlockListAsync("clips", "cam1/b.mp4", ["AAAA"], properties, CancellationToken.None);

        Assert.Equal([true, false, false], commitsWithTags);
        Assert.Equal("blobs are committed without index tags: the storage credential may not set them (a SAS needs the t permission)", client.TagsOff);
    }

    [Fact]
    public async Task CommitBlockListAsync_CredentialMayNotWriteEither_FailsWithTheCommitsOwnLineAndTagsStayOn()
    {
        var commitsWithTags = new ConcurrentQueue<bool>();
        await using var endpoint = TagRefusingEndpoint(refuseWrites: true, commitsWithTags);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(endpoint.ConnectionString));
        var properties = new BlobCommitProperties("video/mp4", null, Metadata) { Tags = new Dictionary<string, string> { ["camera"] = "cam1" } };

        var ex = await Assert.ThrowsAsync<BlobStorageException>(() => client.CommitBlockListAsync("clips", "cam1/a.mp4", ["AAAA"], properties, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, ex.Status);
        Assert.Equal([true, false], commitsWithTags);
        Assert.Null(client.TagsOff);
    }

    /// <summary>Answers Commit Block List: 403 AuthorizationPermissionMismatch when it carries x-ms-tags (or always), else 201; records whether each carried tags.</summary>
    private static ScriptedBlobEndpoint TagRefusingEndpoint(bool refuseWrites, ConcurrentQueue<bool> commitsWithTags) => new(request =>
    {
        var tagged = request.Headers["x-ms-tags"] is not null;
        commitsWithTags.Enqueue(tagged);
        return tagged || refuseWrites ? (HttpStatusCode.Forbidden, "AuthorizationPermissionMismatch") : (HttpStatusCode.Created, null);
    });
}
