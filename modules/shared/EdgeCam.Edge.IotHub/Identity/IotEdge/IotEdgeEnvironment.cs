namespace EdgeCam.Edge.Identity.IotEdge;

/// <summary>
/// The identity edgeAgent gives a module through <c>IOTEDGE_*</c> environment variables: who it is, which hub signs
/// its tokens, where edgeHub listens and where the workload API socket is. Modules hold no key: tokens are signed by
/// the workload API (<see cref="WorkloadApiClient"/>).
/// </summary>
/// <param name="IotHubHostName"><c>IOTEDGE_IOTHUBHOSTNAME</c>: the SAS audience host.</param>
/// <param name="DeviceId"><c>IOTEDGE_DEVICEID</c>.</param>
/// <param name="ModuleId"><c>IOTEDGE_MODULEID</c>: the module's name in the deployment.</param>
/// <param name="GatewayHostName"><c>IOTEDGE_GATEWAYHOSTNAME</c>: the edgeHub host to connect to; null connects to the hub itself.</param>
/// <param name="GenerationId"><c>IOTEDGE_MODULEGENERATIONID</c>: part of the sign URL.</param>
/// <param name="WorkloadUri"><c>IOTEDGE_WORKLOADURI</c>, for example <c>unix:///var/run/iotedge/workload.sock</c>.</param>
/// <param name="ApiVersion"><c>IOTEDGE_APIVERSION</c>, or <see cref="DefaultApiVersion"/>.</param>
public sealed record IotEdgeEnvironment(
    string IotHubHostName,
    string DeviceId,
    string ModuleId,
    string? GatewayHostName,
    string GenerationId,
    Uri WorkloadUri,
    string ApiVersion)
{
    public const string IotHubHostNameVariable = "IOTEDGE_IOTHUBHOSTNAME";
    public const string DeviceIdVariable = "IOTEDGE_DEVICEID";
    public const string ModuleIdVariable = "IOTEDGE_MODULEID";
    public const string GatewayHostNameVariable = "IOTEDGE_GATEWAYHOSTNAME";
    public const string GenerationIdVariable = "IOTEDGE_MODULEGENERATIONID";
    public const string WorkloadUriVariable = "IOTEDGE_WORKLOADURI";
    public const string ApiVersionVariable = "IOTEDGE_APIVERSION";
    public const string AuthSchemeVariable = "IOTEDGE_AUTHSCHEME";

    /// <summary>The workload api-version the official C# SDK uses; every edgelet since 1.0.x accepts it for sign and trust-bundle.</summary>
    public const string DefaultApiVersion = "2018-06-28";

    /// <summary>The variables a module cannot run without (the gateway and api-version are optional).</summary>
    public static IReadOnlyList<string> RequiredVariables { get; } =
        [IotHubHostNameVariable, DeviceIdVariable, ModuleIdVariable, GenerationIdVariable, WorkloadUriVariable, AuthSchemeVariable];

    /// <summary>Reads the environment through <paramref name="variable"/>; null when a required variable is missing.</summary>
    /// <param name="variable">Looks a variable up (environment or configuration).</param>
    /// <param name="missing">The required variables that are not set, in <see cref="RequiredVariables"/> order.</param>
    /// <exception cref="FormatException">A variable is set but unusable (auth scheme, workload URI); the message names it.</exception>
    public static IotEdgeEnvironment? TryRead(Func<string, string?> variable, out IReadOnlyList<string> missing)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Get(string name) => variable(name) is { Length: > 0 } value ? value.Trim() : null;
        missing = [.. RequiredVariables.Where(name => Get(name) is null)];
        if (missing.Count > 0)
        {
            return null;
        }

        var scheme = Get(AuthSchemeVariable)!;
        if (!scheme.Equals("sasToken", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"{AuthSchemeVariable} is '{scheme}': only 'sasToken' (what edgelet sets) is supported");
        }

        return new IotEdgeEnvironment(
            Get(IotHubHostNameVariable)!,
            Get(DeviceIdVariable)!,
            Get(ModuleIdVariable)!,
            Get(GatewayHostNameVariable),
            Get(GenerationIdVariable)!,
            ParseWorkloadUri(Get(WorkloadUriVariable)!),
            Get(ApiVersionVariable) ?? DefaultApiVersion);
    }

    /// <summary>True when any <c>IOTEDGE_</c> identity variable is set (the process was meant to run under IoT Edge).</summary>
    public static bool AnySet(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return RequiredVariables.Append(GatewayHostNameVariable).Any(name => !string.IsNullOrEmpty(variable(name)));
    }

    /// <summary>The path of the Unix socket the workload URI names.</summary>
    public string WorkloadSocketPath => WorkloadUri.LocalPath;

    private static Uri ParseWorkloadUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "unix" || uri.LocalPath.Length <= 1)
        {
            throw new FormatException($"{WorkloadUriVariable} is '{text}': expected unix:///path/to/workload.sock");
        }

        return uri;
    }
}
