using System.Reflection;

namespace EdgeCam.Edge.IotHub;

/// <summary>How <see cref="IotHubModuleClient"/> connects and retries. The defaults follow the official SDKs.</summary>
public sealed record IotHubClientOptions
{
    /// <summary>The api-version sent in the MQTT username (IoT Hub recommends always sending one).</summary>
    public const string ApiVersion = "2021-04-12";

    /// <summary>MQTT over TLS port; 8883 for IoT Hub and edgeHub, another one for tests.</summary>
    public int Port { get; init; } = 8883;

    /// <summary>The CA (PEM) the server certificate must chain to: the IoT Edge trust bundle or a CA file. Null: <see cref="CaDirectory"/>.</summary>
    public string? CaFile { get; init; }

    /// <summary>A hashed CA directory, used when <see cref="CaFile"/> is null; the system store by default.</summary>
    public string? CaDirectory { get; init; } = "/etc/ssl/certs";

    /// <summary>Lifetime of each SAS token (the SDK default is one hour).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Share of <see cref="TokenLifetime"/> after which the client reconnects with a fresh token (MQTT cannot renew in-band).</summary>
    public double TokenRenewalFraction { get; init; } = 0.85;

    /// <summary>MQTT keep-alive (the hub allows up to 1177 s; the Node SDK uses 180 s).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>How long one connection attempt (TCP, TLS, CONNACK, SUBACK) may take before it counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a twin request waits for its response.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a twin request is sent when the hub answers 429 or 5xx.</summary>
    public int MaxRequestAttempts { get; init; } = 5;

    /// <summary>First delay before a retry or reconnect; the ceiling doubles each time, full jitter (<c>ReconnectBackoff</c>).</summary>
    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between retries or reconnect attempts.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Messages <c>SendAsync</c> holds while the connection is down; a further send waits for room.</summary>
    public int SendQueueCapacity { get; init; } = 1000;

    /// <summary>Messages held per input while its handler is busy; the receive loop waits for room.</summary>
    public int InputQueueCapacity { get; init; } = 100;

    /// <summary>The product part of the username (<c>DeviceClientType</c>).</summary>
    public string ProductInfo { get; init; } = "edgecam/" + (typeof(IotHubClientOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0");

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Port, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TokenLifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TokenRenewalFraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TokenRenewalFraction, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(SendQueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(InputQueueCapacity, 1);
        if (CaFile is null && CaDirectory is null)
        {
            throw new ArgumentException("TLS is always on: set CaFile (trust bundle or CA file) or CaDirectory");
        }
    }
}
