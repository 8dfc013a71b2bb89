using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// EdgeCam's Blob REST client over <see cref="HttpClient"/> with Shared Key authorization
/// (stands in for Azure.Storage.Blobs, which cannot be restored here). TLS is verified by HttpClient as always.
/// </summary>
public sealed class BlobRestClient : IBlockBlobClient
{
    /// <summary>The default <c>x-ms-version</c>: supports 4000 MiB blocks and the Cold tier; Azurite 3.35 accepts it.</summary>
    public const string DefaultApiVersion = "2021-12-02";

    private readonly HttpClient _http;
    private readonly StorageConnectionString _connection;
    private readonly SharedKeySigner _signer;
    private readonly TransientRetry _retry;
    private readonly TimeProvider _timeProvider;
    private readonly string _apiVersion;

    public BlobRestClient(HttpClient http, StorageConnectionString connection, TimeProvider timeProvider, TransientRetry? retry = null, string apiVersion = DefaultApiVersion)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiVersion);
        _http = http;
        _connection = connection;
        _signer = new SharedKeySigner(connection.AccountName, connection.AccountKey);
        _timeProvider = timeProvider;
        _retry = retry ?? new TransientRetry(timeProvider);
        _apiVersion = apiVersion;
    }

    public string AccountName => _connection.AccountName;

    public Uri BlobUri(string container, string blobName) => Resource(container, blobName, query: null);

    public async Task CreateContainerIfMissingAsync(string container, CancellationToken cancellationToken)
    {
        var uri = Resource(container, blobName: null, "restype=container");
        await SendAsync("Create Container", () => new BlobRequest(HttpMethod.Put, uri), cancellationToken, acceptedError: "ContainerAlreadyExists");
    }

    public async Task PutBlockAsync(string container, string blobName, string blockId, ReadOnlyMemory<byte> content, string? contentMd5, CancellationToken cancellationToken)
    {
        var uri = Resource(container, blobName, "comp=block&blockid=" + Uri.EscapeDataString(blockId));
        await SendAsync(
            "Put Block",
            () =>
            {
                var request = new BlobRequest(HttpMethod.Put, uri, content);
                if (contentMd5 is not null)
                {
                    request.Headers["Content-MD5"] = contentMd5;
                }

                return request;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<BlockInfo>> GetBlockListAsync(string container, string blobName, CancellationToken cancellationToken)
    {
        var uri = Resource(container, blobName, "comp=blocklist&blocklisttype=all");
        var body = await SendAsync("Get Block List", () => new BlobRequest(HttpMethod.Get, uri), cancellationToken, acceptedError: "BlobNotFound");
        return body.Length == 0 ? [] : ParseBlockList(body);
    }

    public async Task PutBlockListAsync(string container, string blobName, IReadOnlyList<string> blockIds, BlobCommitProperties properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blockIds);
        ArgumentNullException.ThrowIfNull(properties);
        var uri = Resource(container, blobName, "comp=blocklist");
        var body = BlockListXml(blockIds);
        await SendAsync(
            "Put Block List",
            () =>
            {
                var request = new BlobRequest(HttpMethod.Put, uri, body);
                request.Headers["Content-Type"] = "application/xml";
                request.Headers["x-ms-blob-content-type"] = properties.ContentType;
                if (properties.ContentMd5 is not null)
                {
                    request.Headers["x-ms-blob-content-md5"] = properties.ContentMd5;
                }

                foreach (var (name, value) in properties.Metadata)
                {
                    request.Headers["x-ms-meta-" + name] = value;
                }

                return request;
            },
            cancellationToken);
    }

    /// <summary>Reads a whole blob with its response headers (for checks and tests; the uploader never reads back).</summary>
    public async Task<(byte[] Content, IReadOnlyDictionary<string, string> Headers)> GetBlobAsync(string container, string blobName, CancellationToken cancellationToken)
    {
        var request = Prepare(new BlobRequest(HttpMethod.Get, BlobUri(container, blobName)));
        using var message = request.ToHttpRequestMessage();
        using var response = await _http.SendAsync(message, cancellationToken);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Failure("Get Blob", response, content);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(',', values);
        }

        return (content, headers);
    }

    internal static byte[] BlockListXml(IReadOnlyList<string> blockIds)
    {
        var builder = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            builder.Append("<Latest>").Append(SecurityElementEscape(id)).Append("</Latest>");
        }

        return Encoding.UTF8.GetBytes(builder.Append("</BlockList>").ToString());
    }

    internal static IReadOnlyList<BlockInfo> ParseBlockList(byte[] xml)
    {
        var document = XDocument.Parse(Encoding.UTF8.GetString(xml).TrimStart('\uFEFF'));
        var blocks = new List<BlockInfo>();
        foreach (var (section, committed) in new[] { ("CommittedBlocks", true), ("UncommittedBlocks", false) })
        {
            foreach (var block in document.Root?.Element(section)?.Elements("Block") ?? [])
            {
                var name = block.Element("Name")?.Value ?? string.Empty;
                var size = long.Parse(block.Element("Size")?.Value ?? "0", CultureInfo.InvariantCulture);
                blocks.Add(new BlockInfo(name, size, committed));
            }
        }

        return blocks;
    }

    private async Task<byte[]> SendAsync(string operation, Func<BlobRequest> build, CancellationToken cancellationToken, string? acceptedError = null)
    {
        return await _retry.ExecuteAsync(
            async ct =>
            {
                // Built afresh per attempt: x-ms-date must be current and the content is re-sent.
                using var message = Prepare(build()).ToHttpRequestMessage();
                using var response = await _http.SendAsync(message, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }

                var failure = Failure(operation, response, body);
                if (acceptedError is not null && failure.ErrorCode == acceptedError)
                {
                    return [];
                }

                throw failure;
            },
            cancellationToken);
    }

    private BlobRequest Prepare(BlobRequest request)
    {
        request.Headers["x-ms-date"] = _timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        request.Headers["x-ms-version"] = _apiVersion;
        _signer.Sign(request);
        return request;
    }

    private BlobStorageException Failure(string operation, HttpResponseMessage response, byte[] body)
    {
        string? code = response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;
        string? message = null;
        if (body.Length > 0)
        {
            try
            {
                var root = XDocument.Parse(Encoding.UTF8.GetString(body).TrimStart('\uFEFF')).Root;
                code ??= root?.Element("Code")?.Value;
                message = root?.Element("Message")?.Value;
            }
            catch (XmlException)
            {
                // Not a storage error body (a proxy's HTML page, for example): the status says enough.
            }
        }

        return new BlobStorageException(operation, AccountName, response.StatusCode, code, message);
    }

    private Uri Resource(string container, string? blobName, string? query)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        var path = new StringBuilder(_connection.BlobEndpoint.AbsoluteUri.TrimEnd('/'));
        path.Append('/').Append(Uri.EscapeDataString(container));
        if (blobName is not null)
        {
            foreach (var segment in blobName.Split('/'))
            {
                path.Append('/').Append(Uri.EscapeDataString(segment));
            }
        }

        if (query is not null)
        {
            path.Append('?').Append(query);
        }

        return new Uri(path.ToString());
    }

    private static string SecurityElementEscape(string text) => new XText(text).ToString();
}
