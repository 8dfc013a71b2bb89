using System.Text.Json.Nodes;
using EdgeCam.Agent.LocalBroker;
using EdgeCam.Agent.Outbox;
using EdgeCam.BlobBuffer;
using EdgeCam.CameraCapture;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.FileUpload;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Routing;
using EdgeCam.Edge.Twin;
using EdgeCam.EventRouter;
using EdgeCam.SegmentRecorder;
using EdgeCam.WebConsole;
using EdgeCam.WebConsole.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Hosting;

/// <summary>
/// Hosts the modules of a deployment template in one process: the template's routes and desired properties drive an
/// <see cref="InProcessHub"/>, and each module is registered exactly as its own container registers it.
/// A module name is mapped to its module type by prefix, so <c>CameraCapture</c> and <c>CameraCaptureGarage</c> are
/// two cameras.
/// </summary>
public static class AgentHost
{
    /// <summary>The modules the agent hosts, in pipeline order: each one consumes what the ones before it produce.</summary>
    private static readonly (string Prefix, Action<IServiceCollection, IConfiguration, string> Add)[] KnownModules =
    [
        (CameraCaptureRegistration.DefaultModuleId, (s, c, id) => s.AddCameraCapture(c, id)),
        ("SegmentRecorder", (s, c, id) => s.AddSegmentRecorder(c, id)),
        (BlobBufferRegistration.DefaultModuleId, (s, c, id) => s.AddBlobBuffer(c, id)),
        (EventRouterRegistration.DefaultModuleId, (s, c, id) => s.AddEventRouter(c, id)),
    ];

    /// <summary>
    /// The configuration every hosted module reads, as its container would get it from the environment: the shared
    /// volume, the storage credential (a connection string, or a container SAS URL; none: BlobBuffer's local folder target), the log level
    /// and EventRouter's sink secrets (EDGECAM_MQTT_PASSWORD, EDGECAM_WEBHOOK_TOKEN from the agent's environment).
    /// </summary>
    /// <param name="iotHubFileUpload">BlobBuffer uploads through IoT Hub's file upload (EDGECAM_STORAGE=iothub); then
    /// <see cref="Build"/> needs the device's <see cref="IFileUploadSession"/>.</param>
    public static IReadOnlyDictionary<string, string?> ModuleSettings(string sharedVolume, string? storageConnectionString, string? containerSasUrl = null, bool iotHubFileUpload = false) =>
        new Dictionary<string, string?>
        {
            [SharedVolumeSetting.Variable] = sharedVolume,
            [BlobBufferOptions.ConnectionStringVariable] = storageConnectionString,
            [BlobBufferOptions.ContainerSasUrlVariable] = containerSasUrl,
            [BlobBufferOptions.StorageVariable] = iotHubFileUpload ? BlobBufferOptions.IotHubStorage : null,
            [BlobBufferOptions.ContainerSasFileVariable] = Environment.GetEnvironmentVariable(BlobBufferOptions.ContainerSasFileVariable), // a renewable SAS, as a container gets it
            ["Logging:LogLevel:Default"] = "Information",

            // EventRouter's sink secrets come from the agent's environment, as a container's would (never the twin).
            [EventRouterEnvironment.MqttPasswordVariable] = Environment.GetEnvironmentVariable(EventRouterEnvironment.MqttPasswordVariable),
            [EventRouterEnvironment.WebhookTokenVariable] = Environment.GetEnvironmentVariable(EventRouterEnvironment.WebhookTokenVariable),

            // The web console's port, password file and certificate (when `run --console` hosts it).
            [ConsoleOptions.PortVariable] = Environment.GetEnvironmentVariable(ConsoleOptions.PortVariable),
            [ConsoleOptions.PasswordFileVariable] = Environment.GetEnvironmentVariable(ConsoleOptions.PasswordFileVariable),
            [ConsoleOptions.TlsCertificateVariable] = Environment.GetEnvironmentVariable(ConsoleOptions.TlsCertificateVariable),
            [ConsoleOptions.TlsKeyVariable] = Environment.GetEnvironmentVariable(ConsoleOptions.TlsKeyVariable),
        };

    /// <summary>Builds the host. Its services hold the <see cref="InProcessHub"/>, so callers can watch messages and twins.</summary>
    /// <param name="template">Routes, module names and default desired properties.</param>
    /// <param name="desiredOverrides">Per-module desired patches applied over the template's (for example the demo's camera source).</param>
    /// <param name="settings">Configuration every module reads (EDGECAM_DATA, EDGECAM_STORAGE_CONNECTION_STRING, Logging:LogLevel).</param>
    /// <param name="upstream">Where <c>$upstream</c> goes.</param>
    /// <param name="localBroker">The local MQTT broker (EDGECAM_MQTT_BROKER; null: none, the twin decides): an embedded one
    /// is started before the modules, and EventRouter's <c>mqtt</c> section points at it under <paramref name="desiredOverrides"/>.</param>
    /// <param name="outbox">The upstream outbox, when there is one: its drops reach EventRouter (<see cref="OutboxHealthReporter"/>).</param>
    /// <param name="fileUpload">IoT Hub's file upload for the device identity, for BlobBuffer under EDGECAM_STORAGE=iothub.</param>
    /// <param name="console">Host the web console (module <c>Console</c>, every module message routed to it; its port,
    /// password file and TLS from <paramref name="settings"/>, see <see cref="ConsoleOptions"/>).</param>
    /// <exception cref="DeploymentTemplateException">The template names a module the agent cannot host.</exception>
    public static IHost Build(
        DeploymentTemplate template,
        IReadOnlyDictionary<string, JsonObject> desiredOverrides,
        IReadOnlyDictionary<string, string?> settings,
        IUpstreamSink upstream,
        LocalBrokerChoice? localBroker = null,
        Outbox.Outbox? outbox = null,
        IFileUploadSession? fileUpload = null,
        bool console = false)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(desiredOverrides);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEdgeModuleDefaults();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        var brokerPatch = localBroker?.EventRouterPatch();
        var desired = template.DesiredProperties().ToDictionary(
            kv => kv.Key,
            kv =>
            {
                var merged = brokerPatch is not null && kv.Key.StartsWith(EventRouterRegistration.DefaultModuleId, StringComparison.Ordinal) ? JsonMergePatch.Merge(kv.Value, brokerPatch) : kv.Value;
                return desiredOverrides.TryGetValue(kv.Key, out var patch) ? JsonMergePatch.Merge(merged, patch) : merged;
            },
            StringComparer.Ordinal);
        if (localBroker is { Embedded: true } embedded)
        {
            builder.Services.AddSingleton(sp => new EmbeddedBroker(embedded.Port, sp.GetRequiredService<ILogger<EmbeddedBroker>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        }

        builder.Services.AddSingleton(sp => new InProcessHub(
            WithConsoleRoute(WithAgentHealthRoutes(template), console), desired, upstream, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<IModuleClientFactory>(sp => sp.GetRequiredService<InProcessHub>());
        if (fileUpload is not null)
        {
            builder.Services.AddSingleton(fileUpload); // before the modules: BlobBuffer's registration looks for it
        }

        // Consumers are registered first and producers last. The host starts hosted services in registration order
        // and stops them in reverse, so on SIGTERM CameraCapture stops first (its open event ends and motionEnded is
        // delivered), then SegmentRecorder (it cuts the clips already queued), then BlobBuffer, then EventRouter; and
        // at start every input is open before the camera produces. Cameras keep their template order among themselves.
        var modules = template.ModuleNames
            .Select(name => (Name: name, Kind: KindOf(name)))
            .OrderByDescending(m => m.Kind)
            .ToList();
        foreach (var (moduleName, kind) in modules)
        {
            KnownModules[kind].Add(builder.Services, builder.Configuration, moduleName);
        }

        if (console)
        {
            builder.Services.AddWebConsole(builder.Configuration, twins: sp => new HubTwinView(sp.GetRequiredService<InProcessHub>(), template.ModuleNames));
        }

        if (outbox is not null)
        {
            builder.Services.AddHostedService(sp => new OutboxHealthReporter(outbox, sp.GetRequiredService<InProcessHub>(), sp.GetRequiredService<TimeProvider>()));
        }

        return builder.Build();
    }

    // The agent's own health (its outbox) goes to every EventRouter's health input; IoT Edge has no such module, so
    // the route is the agent's, not the template's.
    private static RouteTable WithAgentHealthRoutes(DeploymentTemplate template)
    {
        var routers = template.ModuleNames.Where(name => name.StartsWith(EventRouterRegistration.DefaultModuleId, StringComparison.Ordinal));
        var agentRoutes = RouteTable.Parse(routers.Select(router => KeyValuePair.Create(
            $"agentHealthTo{router}",
            $"FROM /messages/modules/{OutboxHealthReporter.ModuleId}/outputs/{OutboxHealthReporter.HealthOutput} INTO BrokeredEndpoint(\"/modules/{router}/inputs/{EventRouterModule.HealthInput}\")")));
        return new RouteTable([.. template.Routes.Routes, .. agentRoutes.Routes]);
    }

    // The console sees every module message, as its optional IoT Edge module does with the same route.
    private static RouteTable WithConsoleRoute(RouteTable routes, bool console) =>
        console ? new RouteTable([.. routes.Routes, .. RouteTable.Parse([KeyValuePair.Create("everythingToConsole", ConsoleRegistration.Route())]).Routes]) : routes;

    // The module's place in the pipeline: its index in KnownModules (0 = the camera, the first producer).
    private static int KindOf(string moduleName)
    {
        var kind = Array.FindIndex(KnownModules, k => moduleName.StartsWith(k.Prefix, StringComparison.Ordinal));
        return kind >= 0
            ? kind
            : throw new DeploymentTemplateException(
                $"module '{moduleName}' in the deployment template is not an EdgeCam module the agent can host (known: {string.Join(", ", KnownModules.Select(k => k.Prefix))}).");
    }
}
