using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeCam.BlobBuffer.Settings;

/// <summary>
/// The twin desired properties of BlobBuffer (all optional). The storage connection string is a secret and is
/// never a twin setting. <see cref="Parse"/> validates the whole document and names the first wrong property.
/// </summary>
public sealed partial record BlobBufferSettings
{
    public const string ContainerName = "container";
    public const string BlockSizeBytesName = "blockSizeBytes";
    public const string MaxBufferBytesName = "maxBufferBytes";
    public const string RetryMinSecondsName = "retryMinSeconds";
    public const string RetryMaxSecondsName = "retryMaxSeconds";

    public const int MinBlockSizeBytes = 64 * 1024;
    public const int MaxBlockSizeBytes = 100 * 1024 * 1024;
    public const long MinBufferBytes = 1024 * 1024;

    /// <summary>The blob container (or first folder of the local target).</summary>
    public string Container { get; init; } = "edgecam";

    /// <summary>Size of one Put Block.</summary>
    public int BlockSizeBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The store's quota.</summary>
    public long MaxBufferBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>First wait after a failed upload; doubles per failure.</summary>
    public int RetryMinSeconds { get; init; } = 5;

    /// <summary>Longest wait between upload attempts; also the wait after the account rejected the credentials.</summary>
    public int RetryMaxSeconds { get; init; } = 900;

    /// <summary>Parses desired properties (<c>$</c>-names and <c>schemaVersion</c> are ignored); throws <see cref="SettingsException"/> naming the property.</summary>
    public static BlobBufferSettings Parse(JsonObject desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var settings = new BlobBufferSettings();
        foreach (var (name, node) in desired)
        {
            settings = name switch
            {
                _ when name.StartsWith('$') || name == "schemaVersion" => settings,
                ContainerName => settings with { Container = ParseContainer(node) },
                BlockSizeBytesName => settings with { BlockSizeBytes = (int)Integer(name, node, MinBlockSizeBytes, MaxBlockSizeBytes) },
                MaxBufferBytesName => settings with { MaxBufferBytes = Integer(name, node, MinBufferBytes, long.MaxValue) },
                RetryMinSecondsName => settings with { RetryMinSeconds = (int)Integer(name, node, 1, 3600) },
                RetryMaxSecondsName => settings with { RetryMaxSeconds = (int)Integer(name, node, 1, 86400) },
                _ => throw new SettingsException(name, $"'{name}' is not a BlobBuffer setting (known: {ContainerName}, {BlockSizeBytesName}, {MaxBufferBytesName}, {RetryMinSecondsName}, {RetryMaxSecondsName})."),
            };
        }

        if (settings.RetryMaxSeconds < settings.RetryMinSeconds)
        {
            throw new SettingsException(RetryMaxSecondsName, $"{RetryMaxSecondsName} ({settings.RetryMaxSeconds}) must not be less than {RetryMinSecondsName} ({settings.RetryMinSeconds}).");
        }

        if (settings.MaxBufferBytes < settings.BlockSizeBytes)
        {
            throw new SettingsException(MaxBufferBytesName, $"{MaxBufferBytesName} ({settings.MaxBufferBytes}) must be at least {BlockSizeBytesName} ({settings.BlockSizeBytes}).");
        }

        return settings;
    }

    private static string ParseContainer(JsonNode? node)
    {
        var value = node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        if (value is null || !ContainerPattern().IsMatch(value) || value.Contains("--", StringComparison.Ordinal))
        {
            throw new SettingsException(ContainerName, $"{ContainerName} must be a container name: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit (got {Describe(node)}).");
        }

        return value;
    }

    private static long Integer(string name, JsonNode? node, long min, long max)
    {
        // Parsed from the JSON text: a JsonValue built from an int does not hand out a long.
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        var range = max == long.MaxValue ? $"at least {min}" : $"from {min} to {max}";
        throw new SettingsException(name, $"{name} must be an integer {range} (got {Describe(node)}).");
    }

    private static string Describe(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerPattern();
}

/// <summary>An invalid desired property; <see cref="Property"/> names it.</summary>
public sealed class SettingsException : Exception
{
    public SettingsException()
    {
    }

    public SettingsException(string message)
        : base(message)
    {
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SettingsException(string property, string message)
        : base(message)
    {
        Property = property;
    }

    /// <summary>The wrong property.</summary>
    public string Property { get; } = string.Empty;
}
