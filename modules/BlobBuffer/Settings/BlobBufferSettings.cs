using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.Edge.Twin;

namespace EdgeCam.BlobBuffer.Settings;

/// <summary>
/// The twin desired properties of BlobBuffer (all optional). Storage credentials are secrets and are never twin
/// settings. <see cref="Read"/> reads every property; <see cref="SettingsReader.Parse{T}"/> adds the
/// policy every module shares (schemaVersion 1.x, unknown properties rejected).
/// </summary>
public sealed partial record BlobBufferSettings
{
    public const string ContainerName = "container";
    public const string BlockSizeBytesName = "blockSizeBytes";
    public const string MaxBufferBytesName = "maxBufferBytes";
    public const string RetryMinSecondsName = "retryMinSeconds";
    public const string RetryMaxSecondsName = "retryMaxSeconds";
    public const string ServiceVersionName = "serviceVersion";
    public const string StallTimeoutSecondsName = "stallTimeoutSeconds";
    public const string ReadLinkMinutesName = "readLinkMinutes";
    public const string OutageSummaryAfterSecondsName = "outageSummaryAfterSeconds";
    public const string SasExpiryWarningDaysName = "sasExpiryWarningDays";
    public const string FootageKbpsName = "footageKbps";

    /// <summary>The longest read link: 7 days, the longest a user delegation SAS may live, as a sane bound for any link.</summary>
    public const int MaxReadLinkMinutes = 7 * 24 * 60;

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

    /// <summary>The <c>x-ms-version</c> sent to storage; one of Azure.Storage.Blobs' service versions.</summary>
    public string ServiceVersion { get; init; } = AzureBlockBlobClient.DefaultServiceVersion;

    /// <summary>A transfer without progress (no byte sent, no answer) for this long is aborted and retried.</summary>
    public int StallTimeoutSeconds { get; init; } = 30;

    /// <summary>Lifetime of the read links signed for an event's snapshot and clip (alerts carry them); 0 = no links.</summary>
    public int ReadLinkMinutes { get; init; } = 60;

    /// <summary>The section <c>encryption</c>: files accepted from now on are encrypted for the owner's public key.</summary>
    public EncryptionSettings Encryption { get; init; } = new();

    /// <summary>The access tier of each kind of blob at commit (<see cref="AccessTierSettings"/>); all the account default.</summary>
    public AccessTierSettings AccessTiers { get; init; } = new();

    /// <summary>Uploads failing for at least this long, then working again, make one <c>outageSummary</c> on <c>health</c>.</summary>
    public int OutageSummaryAfterSeconds { get; init; } = 300;

    /// <summary>Days before the storage SAS expires from which it is warned about (log, <c>bufferHealth</c> → alert); 0 = never.</summary>
    public int SasExpiryWarningDays { get; init; } = 14;

    /// <summary>Bandwidth cap of continuous footage uploads in kbit/s (1000 bits); 0 = no cap. Other kinds are never capped.</summary>
    public int FootageKbps { get; init; } = 1000;

    /// <summary>Reads <paramref name="desired"/> with the policy every module shares (<see cref="SettingsReader.Parse{T}"/>).</summary>
    /// <exception cref="SettingsValidationException">A property is invalid or unknown; each error names it.</exception>
    public static BlobBufferSettings Parse(JsonObject desired) => SettingsReader.Parse(desired, Read);

    /// <summary>Reads the settings through <paramref name="reader"/>; every invalid property is recorded with its name.</summary>
    public static BlobBufferSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var defaults = new BlobBufferSettings();
        int errors = reader.Errors.Count;
        var container = reader.GetString(ContainerName, defaults.Container);
        if (reader.Errors.Count == errors && !IsContainerName(container))
        {
            reader.AddError(ContainerName, $"must be a container name: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit, got \"{container}\"");
        }

        int versionErrors = reader.Errors.Count;
        var serviceVersion = reader.GetString(ServiceVersionName, defaults.ServiceVersion);
        if (reader.Errors.Count == versionErrors && !AzureBlockBlobClient.IsServiceVersion(serviceVersion))
        {
            var known = AzureBlockBlobClient.ServiceVersions;
            reader.AddError(ServiceVersionName, $"must be a service version of Azure.Storage.Blobs ({known[0]} to {known[^1]}, e.g. {AzureBlockBlobClient.DefaultServiceVersion}), got \"{serviceVersion}\"");
        }

        var settings = new BlobBufferSettings
        {
            Container = container,
            BlockSizeBytes = reader.GetInt32(BlockSizeBytesName, defaults.BlockSizeBytes, MinBlockSizeBytes, MaxBlockSizeBytes),
            MaxBufferBytes = reader.GetInt64(MaxBufferBytesName, defaults.MaxBufferBytes, MinBufferBytes),
            RetryMinSeconds = reader.GetInt32(RetryMinSecondsName, defaults.RetryMinSeconds, 1, 3600),
            RetryMaxSeconds = reader.GetInt32(RetryMaxSecondsName, defaults.RetryMaxSeconds, 1, 86400),
            ServiceVersion = serviceVersion,
            StallTimeoutSeconds = reader.GetInt32(StallTimeoutSecondsName, defaults.StallTimeoutSeconds, 2, 600),
            ReadLinkMinutes = reader.GetInt32(ReadLinkMinutesName, defaults.ReadLinkMinutes, 0, MaxReadLinkMinutes),
            Encryption = EncryptionSettings.Read(reader.GetSection(EncryptionSettings.SectionName)),
            AccessTiers = AccessTierSettings.Read(reader.GetSection(AccessTierSettings.SectionName)),
            OutageSummaryAfterSeconds = reader.GetInt32(OutageSummaryAfterSecondsName, defaults.OutageSummaryAfterSeconds, 1, 86400),
            SasExpiryWarningDays = reader.GetInt32(SasExpiryWarningDaysName, defaults.SasExpiryWarningDays, 0, 365),
            FootageKbps = reader.GetInt32(FootageKbpsName, defaults.FootageKbps, 0, 10_000_000),
        };

        // Rules between settings only make sense once each one is valid on its own.
        if (reader.Errors.Count == errors && settings.RetryMaxSeconds < settings.RetryMinSeconds)
        {
            reader.AddError(RetryMaxSecondsName, $"must not be less than {RetryMinSecondsName} ({settings.RetryMinSeconds}), got {settings.RetryMaxSeconds}");
        }

        if (reader.Errors.Count == errors && settings.MaxBufferBytes < settings.BlockSizeBytes)
        {
            reader.AddError(MaxBufferBytesName, $"must be at least {BlockSizeBytesName} ({settings.BlockSizeBytes}), got {settings.MaxBufferBytes}");
        }

        if (reader.Errors.Count == errors && settings.AccessTiers.KindsIn(BlobAccessTier.Cold).FirstOrDefault() is { } cold
            && string.CompareOrdinal(settings.ServiceVersion, AccessTierSettings.ColdServiceVersion) < 0)
        {
            reader.AddError($"{AccessTierSettings.SectionName}.{cold}", $"Cold needs {ServiceVersionName} {AccessTierSettings.ColdServiceVersion} or later, got {settings.ServiceVersion}");
        }

        return settings;
    }

    private static bool IsContainerName(string value) =>
        ContainerPattern().IsMatch(value) && !value.Contains("--", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerPattern();
}
