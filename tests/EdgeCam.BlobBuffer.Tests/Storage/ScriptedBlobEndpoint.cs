using System.Net;
using EdgeCam.Testing;

namespace EdgeCam.BlobBuffer.Tests.Storage;

/// <summary>
/// A loopback HTTP endpoint that answers each request with the next status of a script (then 201), or as a function of
/// the request says, and counts requests: for what Azurite cannot be made to do, such as answering 503 on purpose, or
/// refusing a commit that carries index tags.
/// </summary>
internal sealed class ScriptedBlobEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, (HttpStatusCode Status, string? ErrorCode)> _answer;
    private readonly Task _serving;

    /// <summary>Answers with <paramref name="script"/>'s statuses in order, then 201.</summary>
    public ScriptedBlobEndpoint(params HttpStatusCode[] script)
        : this(Scripted(new Queue<HttpStatusCode>(script)))
    {
    }

    /// <summary>Answers each request with the status and <c>x-ms-error-code</c> (none when null) <paramref name="answer"/> gives.</summary>
    public ScriptedBlobEndpoint(Func<HttpListenerRequest, (HttpStatusCode Status, string? ErrorCode)> answer)
    {
        _answer = answer;
        Port = LoopbackPort.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port { get; }

    public int Requests { get; private set; }

    /// <summary>A Shared Key connection string for this endpoint (the signature is not checked).</summary>
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
            Requests++;
            await context.Request.InputStream.CopyToAsync(Stream.Null);
            var (status, errorCode) = _answer(context.Request);
            context.Response.StatusCode = (int)status;
            if (errorCode is not null)
            {
                context.Response.Headers["x-ms-error-code"] = errorCode;
            }

            context.Response.Close();
        }
    }

    private static Func<HttpListenerRequest, (HttpStatusCode, string?)> Scripted(Queue<HttpStatusCode> script) => _ =>
    {
        var status = script.Count > 0 ? script.Dequeue() : HttpStatusCode.Created;
        return (status, status == HttpStatusCode.Created ? null : status == HttpStatusCode.Forbidden ? "AuthenticationFailed" : "ServerBusy");
    };
}
