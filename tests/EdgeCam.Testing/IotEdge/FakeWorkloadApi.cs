using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Testing.IotEdge;

/// <summary>A request the fake workload API signed: the module and generation in the URL, and the decoded data.</summary>
public sealed record WorkloadSignRequest(string ModuleId, string GenerationId, string ApiVersion, string Data);

/// <summary>
/// A stand-in for the IoT Edge workload API (the security daemon cannot run here): Kestrel on a Unix socket answering
/// <c>POST /modules/{m}/genid/{g}/sign</c> with HMAC-SHA256 of the data under the module's key and
/// <c>GET /trust-bundle</c> with a PEM bundle, as edgelet does. It records the sign requests and can be told to refuse.
/// </summary>
public sealed class FakeWorkloadApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _key;
    private readonly string _trustBundle;
    private int _trustBundleRequests;

    private FakeWorkloadApi(WebApplication app, string socketPath, byte[] key, string trustBundle)
    {
        _app = app;
        SocketPath = socketPath;
        _key = key;
        _trustBundle = trustBundle;
    }

    /// <summary>The socket it listens on.</summary>
    public string SocketPath { get; }

    /// <summary>The value of <c>IOTEDGE_WORKLOADURI</c> for it.</summary>
    public string WorkloadUri => "unix://" + SocketPath;

    /// <summary>Every sign request, in order.</summary>
    public ConcurrentQueue<WorkloadSignRequest> SignRequests { get; } = new();

    /// <summary>How many times the trust bundle was fetched.</summary>
    public int TrustBundleRequests => Volatile.Read(ref _trustBundleRequests);

    /// <summary>When set, sign requests get this status (for example 403, or 500 to test retries).</summary>
    public int? SignStatus { get; set; }

    /// <summary>Starts listening on <paramref name="socketPath"/>; signs with <paramref name="moduleKey"/> (base64).</summary>
    public static async Task<FakeWorkloadApi> StartAsync(string socketPath, string moduleKey, string trustBundlePem, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        var api = new FakeWorkloadApi(app, socketPath, Convert.FromBase64String(moduleKey), trustBundlePem);
        app.MapPost("/modules/{module}/genid/{genid}/sign", api.SignAsync);
        app.MapGet("/trust-bundle", api.TrustBundle);
        await app.StartAsync(cancellationToken);
        return api;
    }

    /// <summary>The digest the daemon would return for <paramref name="data"/>.</summary>
    public string Sign(string data) => Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(data)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> SignAsync(string module, string genid, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        var data = Encoding.UTF8.GetString(Convert.FromBase64String((string)body["data"]!));
        SignRequests.Enqueue(new WorkloadSignRequest(module, genid, request.Query["api-version"].ToString(), data));
        if (SignStatus is { } status)
        {
            return Results.Text($$"""{"message":"refused by the test"}""", "application/json", Encoding.UTF8, status);
        }

        return Results.Text(new JsonObject { ["digest"] = Sign(data) }.ToJsonString(), "application/json", Encoding.UTF8, 200);
    }

    private IResult TrustBundle()
    {
        Interlocked.Increment(ref _trustBundleRequests);
        return Results.Text(new JsonObject { ["certificate"] = _trustBundle }.ToJsonString(), "application/json", Encoding.UTF8, 200);
    }
}
