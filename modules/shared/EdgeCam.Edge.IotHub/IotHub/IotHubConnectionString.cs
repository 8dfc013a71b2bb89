namespace EdgeCam.Edge.IotHub;

/// <summary>
/// A device or module connection string with a symmetric key:
/// <c>HostName=…;DeviceId=…[;ModuleId=…];SharedAccessKey=…[;SharedAccessKeyName=…][;GatewayHostName=…]</c>.
/// <see cref="ToString"/> never shows the key.
/// </summary>
public sealed record IotHubConnectionString(
    string HostName,
    string DeviceId,
    string? ModuleId,
    string SharedAccessKey,
    string? SharedAccessKeyName,
    string? GatewayHostName)
{
    /// <summary>Parses <paramref name="text"/>; the error names the missing or unknown part, never the key.</summary>
    /// <exception cref="FormatException">A required part is missing, repeated or unknown, or the key is not base64.</exception>
    public static IotHubConnectionString Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"connection string: '{Name(part)}' is not a Name=value pair");
            }

            var name = part[..equals];
            if (!Known.Contains(name))
            {
                throw new FormatException($"connection string: unknown part '{name}' (expected {string.Join(", ", Known)})");
            }

            if (!parts.TryAdd(name, part[(equals + 1)..]))
            {
                throw new FormatException($"connection string: '{name}' appears twice");
            }
        }

        string Required(string name) =>
            parts.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new FormatException($"connection string: '{name}' is missing");
        string? Optional(string name) => parts.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

        var key = Required("SharedAccessKey");
        Span<byte> buffer = stackalloc byte[key.Length];
        if (!Convert.TryFromBase64String(key, buffer, out _))
        {
            throw new FormatException("connection string: 'SharedAccessKey' is not valid base64");
        }

        return new IotHubConnectionString(
            Required("HostName"),
            Required("DeviceId"),
            Optional("ModuleId"),
            key,
            Optional("SharedAccessKeyName"),
            Optional("GatewayHostName"));
    }

    private static readonly string[] Known = ["HostName", "DeviceId", "ModuleId", "SharedAccessKey", "SharedAccessKeyName", "GatewayHostName"];

    /// <summary>The identity and hosts, without the key.</summary>
    public override string ToString() =>
        $"HostName={HostName};DeviceId={DeviceId}{(ModuleId is null ? string.Empty : ";ModuleId=" + ModuleId)};SharedAccessKey=***"
        + (GatewayHostName is null ? string.Empty : ";GatewayHostName=" + GatewayHostName);

    // Only the part name goes into an error: a malformed part could be the key itself.
    private static string Name(string part) => part.Length > 16 ? part[..16] + "…" : part;
}
