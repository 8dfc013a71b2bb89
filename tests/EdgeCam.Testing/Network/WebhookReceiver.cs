using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeCam.Testing.Network;

/// <summary>What a <see cref="WebhookReceiver"/> does with a request.</summary>
public enum WebhookBehaviour
{
    /// <summary>Answers 200.</summary>
    Answer,

    /// <summary>Answers 503 (a push service that is down).</summary>
    Fail,

    /// <summary>Reads the request and never answers (a dead service whose TCP stack still accepts).</summary>
    Hang,
}

/// <summary>One POST a <see cref="WebhookReceiver"/> got, and what it answered (null: no answer).</summary>
public sealed record WebhookRequest(string? IdempotencyKey, string? Authorization, string ContentType, string Body, int? Status);

/// <summary>
/// An HTTP endpoint on 127.0.0.1 (HttpListener) for webhook tests: records every request with its headers and body;
/// <see cref="Behaviour"/> decides whether it answers 200, 503 or nothing.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<WebhookRequest> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private WebhookReceiver(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>What the next requests get; may change while it runs.</summary>
    public WebhookBehaviour Behaviour { get; set; }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The URL to configure.</summary>
    public string Url => $"http://127.0.0.1:{Port}/alerts";

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<WebhookRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a receiver on a free loopback port.</summary>
    public static WebhookReceiver Start(WebhookBehaviour behaviour)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new WebhookReceiver(port) { Behaviour = behaviour };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Abort();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var context = await _listener.GetContextAsync();
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var behaviour = Behaviour;
        int? status = behaviour switch
        {
            WebhookBehaviour.Answer => 200,
            WebhookBehaviour.Fail => 503,
            _ => null,
        };
        lock (_requests)
        {
            _requests.Add(new WebhookRequest(context.Request.Headers["Idempotency-Key"], context.Request.Headers["Authorization"], context.Request.ContentType ?? string.Empty, body, status));
        }

        if (status is { } code)
        {
            context.Response.StatusCode = code;
            context.Response.Close();
            return;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, _stop.Token); // Hang until the receiver is disposed.
        }
        catch (OperationCanceledException)
        {
            context.Response.Abort();
        }
    }
}
