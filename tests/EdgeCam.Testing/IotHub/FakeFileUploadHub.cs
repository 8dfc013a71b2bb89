using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Sas;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.IotHub;
using EdgeCam.Testing.Mosquitto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Testing.IotHub;

/// <summary>One request the fake hub got, and the status it answered.</summary>
public sealed record FileUploadHubRequest(string Path, string Query, string? Authorization, string? ContentType, string Body, int Status);

/// <summary>A completion notification the fake hub took (from the REST body, or the Node SDK's path form).</summary>
public sealed record FileUploadHubNotification(string CorrelationId, bool IsSuccess, int StatusCode, string StatusDescription);

/// <summary>
/// A stand-in for IoT Hub's file-upload REST endpoint (IoT Hub cannot run here): Kestrel over HTTPS on 127.0.0.1 with
/// the test PKI's server certificate (<see cref="TestCertificates"/>: trust it with <see cref="CaFile"/>, the agent's
/// <c>--ca-file</c>). It checks each request's device SAS token against the device key and api-version 2021-04-12,
/// answers <c>POST /devices/{id}/files</c> with a real Azurite SAS for <c>{id}/{blobName}</c> in its container (as IoT
/// Hub prefixes the device id), and records the completion notifications of the uploads it started.
/// </summary>
public sealed class FakeFileUploadHub : IAsyncDisposable
{
    /// <summary>The api-version the hub accepts (the Node SDK's and EdgeCam's).</summary>
    public const string ApiVersion = "2021-04-12";

    private readonly WebApplication _app;
    private readonly string _deviceId;
    private readonly string _deviceKey;
    private readonly ConcurrentQueue<FileUploadHubRequest> _requests = new();
    private readonly ConcurrentQueue<FileUploadHubNotification> _notifications = new();
    private readonly ConcurrentDictionary<string, string> _grants = new(StringComparer.Ordinal);

    private FakeFileUploadHub(WebApplication app, string deviceId, string deviceKey, string container)
    {
        _app = app;
        _deviceId = deviceId;
        _deviceKey = deviceKey;
        Container = container;
    }

    /// <summary>The hub's host name (the test certificate's).</summary>
    public static string HostName => "localhost";

    /// <summary>The HTTPS port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The CA that signed the hub's certificate.</summary>
    public static string CaFile => TestCertificates.Instance.CaFile;

    /// <summary>The container the hub's storage is configured with.</summary>
    public string Container { get; }

    /// <summary>
    /// The storage behind the hub; replace it (a restarted Azurite on another port) and the next SAS points there. Null:
    /// SAS for the development account on a port where nothing listens (for tests of the hub exchange alone).
    /// </summary>
    public AzuriteProcess? Storage { get; set; }

    /// <summary>When set, the SAS is signed with this account key instead of the right one: storage refuses it (403).</summary>
    public string? SignWithKey { get; set; }

    /// <summary>When set, file upload requests are answered with this status (IoT Hub refusing: 403 quota, 400 no storage).</summary>
    public int? RefuseStartsWith { get; set; }

    /// <summary>The device connection string for this hub.</summary>
    public string DeviceConnectionString => $"HostName={HostName};DeviceId={_deviceId};SharedAccessKey={_deviceKey}";

    /// <summary>Every request, in arrival order.</summary>
    public IReadOnlyList<FileUploadHubRequest> Requests => [.. _requests];

    /// <summary>Every notification taken, in arrival order.</summary>
    public IReadOnlyList<FileUploadHubNotification> Notifications => [.. _notifications];

    /// <summary>The blob name handed out for each correlation id.</summary>
    public IReadOnlyDictionary<string, string> Grants => _grants;

    /// <summary>Starts the hub for device <paramref name="deviceId"/> (key <paramref name="deviceKey"/>, base64) and creates <paramref name="container"/> in <paramref name="storage"/>.</summary>
    public static async Task<FakeFileUploadHub> StartAsync(string deviceId, string deviceKey, AzuriteProcess? storage, string container, CancellationToken cancellationToken)
    {
        if (storage is not null)
        {
            await new Azure.Storage.Blobs.BlobContainerClient(storage.ConnectionString, container, new Azure.Storage.Blobs.BlobClientOptions(Azure.Storage.Blobs.BlobClientOptions.ServiceVersion.V2025_11_05))
                .CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        var certificates = TestCertificates.Instance;
        using var pem = X509Certificate2.CreateFromPemFile(certificates.ServerCertFile, certificates.ServerKeyFile);
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var hub = new FakeFileUploadHub(app, deviceId, deviceKey, container) { Storage = storage };
        app.MapPost("/devices/{device}/files", hub.StartUploadAsync);
        app.MapPost("/devices/{device}/files/notifications", (string device, HttpRequest request) => hub.NotifyAsync(device, null, request));
        app.MapPost("/devices/{device}/files/notifications/{correlationId}", (string device, string correlationId, HttpRequest request) => hub.NotifyAsync(device, correlationId, request));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        hub.Port = new Uri(address).Port;
        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> StartUploadAsync(string device, HttpRequest request)
    {
        var body = await ReadAsync(request);
        if (Refusal(device, request) is { } refused)
        {
            return Answer(request, body, refused, """{"Message":"ErrorCode:IotHubUnauthorizedAccess;Unauthorized"}""");
        }

        if (RefuseStartsWith is { } status)
        {
            return Answer(request, body, status, """{"Message":"ErrorCode:RefusedByTheTest;the test hub refuses file uploads"}""");
        }

        var blobName = JsonNode.Parse(body)?["blobName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(blobName))
        {
            return Answer(request, body, 400, """{"Message":"ErrorCode:ArgumentInvalid;blobName missing"}""");
        }

        var correlationId = Guid.NewGuid().ToString("N");
        var hubBlobName = $"{_deviceId}/{blobName}";
        _grants[correlationId] = hubBlobName;
        // IoT Hub grants read and write on the one blob, for its SAS TTL (one hour by default).
        var sas = AzuriteSas.BlobSas(Container, hubBlobName, BlobSasPermissions.Read | BlobSasPermissions.Write, DateTimeOffset.UtcNow.AddHours(1), SignWithKey);
        var answer = new JsonObject
        {
            ["correlationId"] = correlationId,
            // 127.0.0.1:port/devstoreaccount1 (path-style Azurite); without storage, a port where nothing listens.
            ["hostName"] = Storage?.BlobEndpoint.AbsoluteUri["http://".Length..] ?? $"127.0.0.1:9/{AzuriteProcess.AccountName}",
            ["containerName"] = Container,
            ["blobName"] = hubBlobName,
            ["sasToken"] = "?" + sas,
        };
        return Answer(request, body, 200, answer.ToJsonString());
    }

    private async Task<IResult> NotifyAsync(string device, string? pathCorrelationId, HttpRequest request)
    {
        var body = await ReadAsync(request);
        if (Refusal(device, request) is { } refused)
        {
            return Answer(request, body, refused, """{"Message":"ErrorCode:IotHubUnauthorizedAccess;Unauthorized"}""");
        }

        var json = JsonNode.Parse(body)?.AsObject();
        var correlationId = pathCorrelationId ?? json?["correlationId"]?.GetValue<string>();
        if (correlationId is null || !_grants.ContainsKey(correlationId) || json?["isSuccess"] is null)
        {
            return Answer(request, body, 400, """{"Message":"ErrorCode:ArgumentInvalid;unknown correlationId or no isSuccess"}""");
        }

        _notifications.Enqueue(new FileUploadHubNotification(
            correlationId, json["isSuccess"]!.GetValue<bool>(), json["statusCode"]?.GetValue<int>() ?? 0, json["statusDescription"]?.GetValue<string>() ?? string.Empty));
        return Answer(request, body, 204, null);
    }

    // Null when the request is the device's own, signed with its key, for this hub, not expired, with the right api-version.
    private int? Refusal(string device, HttpRequest request)
    {
        if (request.Query["api-version"] != ApiVersion)
        {
            return 400;
        }

        var token = request.Headers.Authorization.ToString();
        var fields = token.StartsWith("SharedAccessSignature ", StringComparison.Ordinal)
            ? token["SharedAccessSignature ".Length..].Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal)
            : [];
        if (device != _deviceId || !fields.TryGetValue("sr", out var sr) || !fields.TryGetValue("se", out var se) || !long.TryParse(se, out var expiry))
        {
            return 401;
        }

        // The audience is the hub and device (with the port when the client put it in its host name, as the Node SDK does).
        var resource = Uri.UnescapeDataString(sr);
        string[] audiences = [SasToken.ResourceUri(HostName, _deviceId, null), SasToken.ResourceUri($"{HostName}:{Port}", _deviceId, null)];
        var expected = SasToken.Create(resource, _deviceKey, DateTimeOffset.FromUnixTimeSeconds(expiry));
        return audiences.Contains(resource, StringComparer.Ordinal) && expected == token && expiry > DateTimeOffset.UtcNow.ToUnixTimeSeconds() ? null : 401;
    }

    private IResult Answer(HttpRequest request, string body, int status, string? json)
    {
        _requests.Enqueue(new FileUploadHubRequest(request.Path, request.QueryString.Value ?? string.Empty, request.Headers.Authorization.ToString(), request.ContentType, body, status));
        return json is null ? Results.StatusCode(status) : Results.Text(json, "application/json", Encoding.UTF8, status);
    }

    private static async Task<string> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
