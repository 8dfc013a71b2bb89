namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// One Blob REST request as the signer sees it: verb, URL, every header by its wire name, and the body.
/// Building requests from this one shape means the string-to-sign and the bytes sent cannot disagree.
/// </summary>
public sealed class BlobRequest
{
    public BlobRequest(HttpMethod method, Uri uri, ReadOnlyMemory<byte> body = default)
    {
        Method = method;
        Uri = uri;
        Body = body;
    }

    public HttpMethod Method { get; }

    public Uri Uri { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Headers by wire name (case-insensitive), including <c>Content-Type</c>, <c>Content-MD5</c> and <c>x-ms-*</c>.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The header value, or empty when absent.</summary>
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;

    /// <summary>Turns it into an <see cref="HttpRequestMessage"/> carrying exactly these headers.</summary>
    internal HttpRequestMessage ToHttpRequestMessage()
    {
        var message = new HttpRequestMessage(Method, Uri);
        if (Method != HttpMethod.Get && Method != HttpMethod.Head)
        {
            // A PUT always carries a body (possibly empty) so that Content-Length is sent as signed.
            message.Content = new ReadOnlyMemoryContent(Body);
        }

        foreach (var (name, value) in Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                message.Content ??= new ReadOnlyMemoryContent(Body);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }
}
