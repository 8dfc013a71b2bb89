using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.FileUpload;
using EdgeCam.Edge.Mqtt;
using EdgeCam.Edge.Mqtt.Transport;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// IoT Hub's file-upload REST calls for a device identity, over HTTPS to the hub itself (api-version
/// <see cref="IotHubClientOptions.ApiVersion"/>, the one the Node SDK sends):
/// <list type="number">
/// <item><c>POST /devices/{id}/files</c> with <c>{"blobName": …}</c> → <c>{correlationId, hostName, containerName,
/// blobName, sasToken}</c>; the returned blob name is prefixed with the device id;</item>
/// <item>(the caller uploads to <c>https://{hostName}/{containerName}/{blobName}{sasToken}</c>);</item>
/// <item><c>POST /devices/{id}/files/notifications</c> with <c>{correlationId, isSuccess, statusCode, statusDescription}</c>
/// → 204.</item>
/// </list>
/// Each request carries a fresh device SAS token (<c>Authorization: SharedAccessSignature sr=…</c>). TLS is verified
/// against the same CA as the MQTT connection. Failures are <see cref="FileUploadException"/>s with one line.
/// </summary>
public sealed class IotHubFileUploadSession : IFileUploadSession, IDisposable
{
    private const int MaxDetailLength = 200;

    private readonly IIotHubCredentials _credentials;
    private readonly IotHubFileUploadOptions _options;
    private readonly HttpClient _http;
    private readonly string _devicePath;

    /// <param name="credentials">A device identity (no module id, no gateway: neither can use file upload).</param>
    /// <param name="options">Port, CA and timeouts.</param>
    /// <param name="handler">The HTTP handler; null: one that trusts only <paramref name="options"/>' CA.</param>
    /// <exception cref="ArgumentException">A module identity or a gateway, which IoT Hub's file upload does not serve.</exception>
    public IotHubFileUploadSession(IIotHubCredentials credentials, IotHubFileUploadOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (credentials.ModuleId is not null)
        {
            throw new ArgumentException($"module '{credentials.ModuleId}' of device '{credentials.DeviceId}' cannot use IoT Hub file upload: only device identities can (module identities do not support it)", nameof(credentials));
        }

        if (credentials.GatewayHostName is not null)
        {
            throw new ArgumentException($"device '{credentials.DeviceId}' connects through gateway '{credentials.GatewayHostName}', and edgeHub does not offer file upload", nameof(credentials));
        }

        _credentials = credentials;
        _options = options;
        _devicePath = $"/devices/{Uri.EscapeDataString(credentials.DeviceId)}";
        _http = new HttpClient(handler ?? TrustingHandler(options), disposeHandler: true)
        {
            BaseAddress = new Uri($"https://{credentials.HostName}:{options.HttpsPort}"),
            Timeout = options.RequestTimeout,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("edgecam", typeof(IotHubFileUploadSession).Assembly.GetName().Version?.ToString() ?? "0"));
    }

    public string Description => $"IoT Hub '{_credentials.HostName}' (device '{_credentials.DeviceId}')";

    public string DeviceId => _credentials.DeviceId;

    public async Task<FileUploadGrant> StartAsync(string blobName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        var body = new JsonObject { ["blobName"] = blobName };
        using var response = await PostAsync($"{_devicePath}/files?api-version={IotHubClientOptions.ApiVersion}", body, "application/json", "file upload request", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused("file upload request", blobName, response, text);
        }

        return Grant(blobName, text);
    }

    public async Task CompleteAsync(FileUploadCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var body = new JsonObject
        {
            ["correlationId"] = completion.CorrelationId,
            ["isSuccess"] = completion.IsSuccess,
            ["statusCode"] = completion.StatusCode,
            ["statusDescription"] = completion.StatusDescription,
        };
        using var response = await PostAsync($"{_devicePath}/files/notifications?api-version={IotHubClientOptions.ApiVersion}", body, "application/json; charset=utf-8", "file upload notification", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused("file upload notification", completion.CorrelationId, response, await response.Content.ReadAsStringAsync(cancellationToken));
        }
    }

    public void Dispose() => _http.Dispose();

    // The content types are the Node SDK's, byte for byte (the wire reference in the tests).
    private async Task<HttpResponseMessage> PostAsync(string path, JsonObject body, string contentType, string operation, CancellationToken cancellationToken)
    {
        var token = await _credentials.CreateSasTokenAsync(_options.TokenLifetime, cancellationToken);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new FileUploadException($"{Description} could not be reached for the {operation}: {FirstLine(ex.InnerException?.Message ?? ex.Message)}", 0, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FileUploadException($"{Description} did not answer the {operation} within {_options.RequestTimeout.TotalSeconds:0} s", 0, ex);
        }
    }

    private FileUploadGrant Grant(string requested, string text)
    {
        JsonObject? answer;
        try
        {
            answer = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            answer = null;
        }

        string? Field(string name) => answer?[name] is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        var correlationId = Field("correlationId");
        var hostName = Field("hostName");
        var container = Field("containerName");
        var blobName = Field("blobName");
        var sasToken = Field("sasToken");
        if (correlationId is null || hostName is null || container is null || blobName is null || sasToken is null)
        {
            var missing = string.Join(", ", new[] { ("correlationId", correlationId), ("hostName", hostName), ("containerName", container), ("blobName", blobName), ("sasToken", sasToken) }
                .Where(f => f.Item2 is null).Select(f => f.Item1));
            throw new FileUploadException($"{Description} answered the file upload request for '{requested}' without {missing}", 200);
        }

        var query = sasToken.StartsWith('?') ? sasToken : "?" + sasToken;
        if (!Uri.TryCreate($"{_options.StorageScheme}://{hostName}/{container}{query}", UriKind.Absolute, out var containerSasUri))
        {
            throw new FileUploadException($"{Description} answered the file upload request for '{requested}' with storage host '{hostName}' and container '{container}', which make no URL", 200);
        }

        return new FileUploadGrant(correlationId, containerSasUri, blobName);
    }

    private FileUploadException Refused(string operation, string subject, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var detail = Detail(body);
        var hint = status is 401 or 403 ? "; check the device key and the device clock" : string.Empty;
        return new FileUploadException(
            $"{Description} answered {status} {response.ReasonPhrase} to the {operation} for '{subject}'{(detail.Length == 0 ? string.Empty : ": " + detail)}{hint}", status);
    }

    // IoT Hub's error body is {"Message":"ErrorCode:…;…","ExceptionMessage":"…"}: its Message is the useful line.
    private static string Detail(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject o && o["Message"] is JsonValue message && message.TryGetValue<string>(out var text))
            {
                return Shorten(FirstLine(text));
            }
        }
        catch (JsonException)
        {
            // Not JSON: the first line of the text says what it says.
        }

        return Shorten(FirstLine(body));
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static string Shorten(string text) => text.Length <= MaxDetailLength ? text : text[..MaxDetailLength] + "…";

    private static SocketsHttpHandler TrustingHandler(IotHubFileUploadOptions options)
    {
        X509Certificate2Collection anchors;
        try
        {
            anchors = TrustAnchors.Load(new MqttTlsOptions(options.CaFile, options.CaFile is null ? options.CaDirectory : null));
        }
        catch (MqttConnectException ex)
        {
            throw new FileUploadException(ex.Message, 0, ex);
        }

        // Only these anchors (not the system store, unless that is the directory), as for MQTT; no revocation check: a
        // device has no CRL configured and may be offline. Host name errors still fail the handshake.
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(anchors);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy },
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
    }
}
