using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Mosquitto;

namespace EdgeCam.Edge.IotHub.Tests.IotHub;

/// <summary>An <see cref="IotHubModuleClient"/> for module dev1/camera on a test broker's TLS port, with fast retries and recorded logs.</summary>
internal static class IotHubTestClient
{
    public const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    public static IotHubClientOptions Options(MosquittoBroker broker) => new()
    {
        Port = broker.TlsPort,
        CaFile = broker.CaFile,
        RetryInitialDelay = TimeSpan.FromMilliseconds(300),
        RetryMaxDelay = TimeSpan.FromSeconds(1),
        RequestTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(3),
        ProductInfo = "edgecam/test",
    };

    public static IotHubModuleClient Create(MosquittoBroker broker, RecordingLoggerProvider logs, IotHubClientOptions? options = null, IIotHubCredentials? credentials = null) =>
        new(
            credentials ?? ConnectionStringCredentials.Parse($"HostName=localhost;DeviceId=dev1;ModuleId=camera;SharedAccessKey={Key}"),
            options ?? Options(broker),
            () => new MosquittoConnection(),
            TimeProvider.System,
            new Microsoft.Extensions.Logging.Logger<IotHubModuleClient>(logs));

    /// <summary>Records every desired update the client hands over.</summary>
    public static ConcurrentQueue<DesiredPropertiesUpdate> RecordDesired(this IModuleClient client)
    {
        var updates = new ConcurrentQueue<DesiredPropertiesUpdate>();
        client.SetDesiredPropertiesHandler((update, _) =>
        {
            updates.Enqueue(update);
            return Task.CompletedTask;
        });
        return updates;
    }

    public static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
