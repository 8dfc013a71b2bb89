using System.Net.Http.Headers;
using System.Text.Json;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Serialization;

namespace EdgeCam.EventRouter.Sinks.Webhook;

/// <summary>
/// POSTs each alert as JSON to <see cref="WebhookSettings.Url"/> with the alert id in the <c>Idempotency-Key</c> header,
/// so a receiver that got a delivery whose answer was lost can drop the retry. Any answer but 2xx, a timeout or a
/// network error is a failure the worker retries (a 4xx too: a token fixed later should still bring the queued alerts).
/// </summary>
public sealed class WebhookSink : IAlertSink, IDisposable
{
    /// <summary>The header that carries <see cref="Alert.AlertId"/>.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    private readonly Func<WebhookSettings> _settings;
    private readonly string? _token;
    private readonly HttpClient _http;

    /// <param name="settings">The section now in force (read at each attempt, so a changed URL applies at once).</param>
    /// <param name="token">Bearer token from the environment (EDGECAM_WEBHOOK_TOKEN), or null.</param>
    /// <param name="handler">The HTTP handler (tests and the agent pass their own; null: a new <see cref="SocketsHttpHandler"/>).</param>
    public WebhookSink(Func<WebhookSettings> settings, string? token, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        _token = string.IsNullOrEmpty(token) ? null : token;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <inheritdoc />
    public string Name => "webhook";

    /// <inheritdoc />
    public bool IsEnabled => _settings().Enabled;

    /// <inheritdoc />
    public TimeSpan RetryMinimum => _settings().RetryMinimum;

    /// <inheritdoc />
    public TimeSpan RetryMaximum => _settings().RetryMaximum;

    /// <inheritdoc />
    public async Task DeliverAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var settings = _settings();
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(alert, ContractsJsonContext.Default.Alert)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(IdempotencyHeader, alert.AlertId);
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{settings.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{settings.Url} did not answer within {settings.Timeout.TotalSeconds:0.#} s");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
