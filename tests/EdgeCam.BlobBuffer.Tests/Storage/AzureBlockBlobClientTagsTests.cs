using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
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
        await using var endpoint = new TagRefusingEndpoint(refuseWrites: false);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(endpoint.ConnectionString));
        var properties = new BlobCommitProperties("video/mp4", null, Metadata) { Tags = new Dictionary<string, string> { ["camera"] = "cam1" } };

        await client.CommitBlockListAsync("clips", "cam1/a.mp4", ["AAAA"], properties, CancellationToken.None);
        await client.CommitBlockListAsync("clips", "cam1/b.mp4", ["AAAA"], properties, CancellationToken.None);

        Assert.Equal([true, false, false], endpoint.CommitsWithTags);
        Assert.Equal("blobs are committed without index tags: the storage credential may not set them (a SAS needs the t permission)", client.TagsOff);
    }

    [Fact]
    public async Task CommitBlockListAsync_CredentialMayNotWriteEither_FailsWithTheCommitsOwnLineAndTagsStayOn()
    {
        await using var endpoint = new TagRefusingEndpoint(refuseWrites: true);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(endpoint.ConnectionString));
        var properties = new BlobCommitProperties("video/mp4", null, Metadata) { Tags = new Dictionary<string, string> { ["camera"] = "cam1" } };

        var ex = await Assert.ThrowsAsync<BlobStorageException>(() => client.CommitBlockListAsync("clips", "cam1/a.mp4", ["AAAA"], properties, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, ex.Status);
        Assert.Equal([true, false], endpoint.CommitsWithTags);
        Assert.Null(client.TagsOff);
    }

    /// <summary>Answers Commit Block List: 403 AuthorizationPermissionMismatch when it carries x-ms-tags (or always), else 201.</summary>
    private sealed class TagRefusingEndpoint : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly bool _refuseWrites;
        private readonly ConcurrentQueue<bool> _commits = new();
        private readonly Task _serving;

        public TagRefusingEndpoint(bool refuseWrites)
        {
            _refuseWrites = refuseWrites;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _serving = ServeAsync();
        }

        public int Port { get; }

        public IReadOnlyList<bool> CommitsWithTags => [.. _commits];

        public string ConnectionString =>
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            try
            {
                await _serving;
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped while waiting for the next request.
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                var tagged = context.Request.Headers["x-ms-tags"] is not null;
                _commits.Enqueue(tagged);
                if (tagged || _refuseWrites)
                {
                    context.Response.StatusCode = 403;
                    context.Response.Headers["x-ms-error-code"] = "AuthorizationPermissionMismatch";
                }
                else
                {
                    context.Response.StatusCode = 201;
                }

                context.Response.Close();
            }
        }
    }
}
