using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Edge.Identity.IotEdge;

/// <summary>
/// The IoT Edge workload API: HTTP/1.1 over the Unix socket named by <c>IOTEDGE_WORKLOADURI</c>. Signs SAS strings
/// with the module's key (which never leaves the security daemon) and hands out the trust bundle that edgeHub's
/// server certificate chains to. 5xx answers and an unreachable socket are retried a few times with growing delays
/// (the daemon may be restarting); 4xx is final. Neither the data signed nor the digest is ever logged.
/// </summary>
public sealed partial class WorkloadApiClient : IDisposable
{
    private const int MaxAttempts = 3;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly string _apiVersion;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _retryDelay;

    /// <param name="socketPath">The workload socket (<see cref="IotEdgeEnvironment.WorkloadSocketPath"/>).</param>
    /// <param name="apiVersion">The api-version query parameter.</param>
    /// <param name="timeProvider">Clock for retry delays.</param>
    /// <param name="logger">Logs retries and failures.</param>
    /// <param name="retryDelay">First retry delay (doubles); one second unless a test wants it shorter.</param>
    public WorkloadApiClient(string socketPath, string apiVersion, TimeProvider timeProvider, ILogger<WorkloadApiClient>? logger = null, TimeSpan? retryDelay = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentNullException.ThrowIfNull(timeProvider);
        SocketPath = socketPath;
        _apiVersion = Uri.EscapeDataString(apiVersion);
        _time = timeProvider;
        _logger = logger ?? NullLogger<WorkloadApiClient>.Instance;
        _retryDelay = retryDelay ?? TimeSpan.FromSeconds(1);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        // The host part is never resolved (the connect callback opens the socket); it only fills the Host header.
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://workload.sock/"), Timeout = RequestTimeout };
    }

    /// <summary>The Unix socket this client talks to.</summary>
    public string SocketPath { get; }

    /// <summary>Signs <paramref name="data"/> (UTF-8 bytes) with the module's primary key: HMAC-SHA256, base64 digest.</summary>
    /// <exception cref="WorkloadApiException">The API refused (403: the caller is not that module's process) or is unreachable.</exception>
    public async Task<string> SignAsync(string moduleId, string generationId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(moduleId);
        ArgumentException.ThrowIfNullOrEmpty(generationId);
        var path = $"modules/{Uri.EscapeDataString(moduleId)}/genid/{Uri.EscapeDataString(generationId)}/sign?api-version={_apiVersion}";
        var body = new JsonObject { ["keyId"] = "primary", ["algo"] = "HMACSHA256", ["data"] = Convert.ToBase64String(data.Span) }.ToJsonString();
        var answer = await SendAsync($"sign for module '{moduleId}'", () => new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        }, cancellationToken);
        return ReadString(answer, "digest", $"sign for module '{moduleId}'");
    }

    /// <summary>The trust bundle: PEM text, possibly several certificates.</summary>
    /// <exception cref="WorkloadApiException">The API failed or answered without a certificate.</exception>
    public async Task<string> GetTrustBundleAsync(CancellationToken cancellationToken)
    {
        var answer = await SendAsync("trust-bundle", () => new HttpRequestMessage(HttpMethod.Get, $"trust-bundle?api-version={_apiVersion}"), cancellationToken);
        return ReadString(answer, "certificate", "trust-bundle");
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonObject> SendAsync(string operation, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            string problem;
            int? status = null;
            try
            {
                using var message = request();
                using var response = await _http.SendAsync(message, cancellationToken);
                status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return Parse(text, operation);
                }

                problem = $"answered {status}{Explain(status.Value)}: {Message(text)}";
                if (status < 500)
                {
                    throw new WorkloadApiException($"IoT Edge workload API ({SocketPath}) {operation} {problem}", status);
                }
            }
            catch (HttpRequestException ex)
            {
                problem = Unreachable(ex);
                if (attempt >= MaxAttempts)
                {
                    throw new WorkloadApiException($"IoT Edge workload API {operation}: {problem}", null, ex);
                }
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                problem = $"did not answer within {RequestTimeout.TotalSeconds:F0} s";
                if (attempt >= MaxAttempts)
                {
                    throw new WorkloadApiException($"IoT Edge workload API ({SocketPath}) {operation} {problem}", null, ex);
                }
            }

            if (attempt >= MaxAttempts)
            {
                throw new WorkloadApiException($"IoT Edge workload API ({SocketPath}) {operation} {problem} (after {MaxAttempts} attempts)", status);
            }

            var delay = _retryDelay * (1 << (attempt - 1));
            LogRetry(_logger, operation, problem, delay);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    /// <summary>
    /// One line for a socket that did not connect, naming it and what to do. .NET reports a missing Unix socket as
    /// "Cannot assign requested address (workload.sock:80)" (the host is the placeholder in the base address), which
    /// names neither the file nor the cause.
    /// </summary>
    private string Unreachable(HttpRequestException ex)
    {
        if (!File.Exists(SocketPath))
        {
            return $"the workload socket {SocketPath} does not exist; is this module running under IoT Edge (edgeAgent starts it with "
                + $"{IotEdgeEnvironment.WorkloadUriVariable} set and the socket mounted), and is /var/run/iotedge/workload.sock mounted at that path?";
        }

        var socket = Inner<System.Net.Sockets.SocketException>(ex);
        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => $"the workload socket {SocketPath} refuses connections; is the IoT Edge daemon running (sudo iotedge system status)?",
            SocketError.AccessDenied => $"this user may not open the workload socket {SocketPath}; run the module as a user IoT Edge lets in, or fix the socket's permissions.",
            _ => $"the workload socket {SocketPath} is unreachable ({socket?.Message ?? ex.Message}); check sudo iotedge system status.",
        };
    }

    private static T? Inner<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Explain(int status) => status switch
    {
        403 => " (the workload API only signs for the module whose container calls it)",
        404 => " (unknown module or generation id: was the module redeployed?)",
        _ => string.Empty,
    };

    private static JsonObject Parse(string text, string operation)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new WorkloadApiException($"IoT Edge workload API {operation} answered something that is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new WorkloadApiException($"IoT Edge workload API {operation} answered malformed JSON", ex);
        }
    }

    private static string ReadString(JsonObject answer, string property, string operation) =>
        answer[property] is JsonValue value && value.TryGetValue(out string? text) && text.Length > 0
            ? text
            : throw new WorkloadApiException($"IoT Edge workload API {operation} answered without '{property}'");

    // Error bodies are {"message":"..."}; they never hold a key. Kept short for the log line.
    private static string Message(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject o && o["message"] is JsonValue v && v.TryGetValue(out string? m))
            {
                text = m;
            }
        }
        catch (JsonException)
        {
            // Not JSON: show the text as it is.
        }

        return text.Length > 200 ? text[..200] + "…" : text;
    }

    [LoggerMessage(401, LogLevel.Warning, "IoT Edge workload API {Operation} {Problem}; retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, string operation, string problem, TimeSpan delay);
}
