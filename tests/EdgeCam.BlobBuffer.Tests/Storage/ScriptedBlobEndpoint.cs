using System.Net;
using System.Net.Sockets;

namespace EdgeCam.BlobBuffer.Tests.Storage;

/// <summary>
/// A loopback HTTP endpoint that answers each request with the next status of a script (then 201), and counts requests:
/// for what Azurite cannot be made to do, such as answering 503 on purpose.
/// </summary>
internal sealed class ScriptedBlobEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<HttpStatusCode> _script;
    private readonly Task _serving;

    public ScriptedBlobEndpoint(params HttpStatusCode[] script)
    {
        _script = new Queue<HttpStatusCode>(script);
        Port = FreePort();
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
            var status = _script.Count > 0 ? _script.Dequeue() : HttpStatusCode.Created;
            context.Response.StatusCode = (int)status;
            if (status != HttpStatusCode.Created)
            {
                context.Response.Headers["x-ms-error-code"] = status == HttpStatusCode.Forbidden ? "AuthenticationFailed" : "ServerBusy";
            }

            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
