using EdgeCam.BlobBuffer;
using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.Agent.Cli;

/// <summary>
/// The agent's storage (<c>--storage</c>, <c>EDGECAM_STORAGE</c>, <c>EDGECAM_STORAGE_CONNECTION_STRING</c> or
/// <c>EDGECAM_STORAGE_SAS_URL</c>): <c>iothub</c> (IoT Hub's file upload with the device identity: no storage credential
/// on the device), an account connection string, or a container SAS URL when it starts with <c>http://</c> or
/// <c>https://</c>. Checked before anything starts, so a malformed value is one line, never a stack trace.
/// </summary>
public static class StorageArgument
{
    /// <summary>True when <paramref name="value"/> selects IoT Hub's file upload (<c>iothub</c>).</summary>
    public static bool IsIotHub(string? value) =>
        string.Equals(value?.Trim(), BlobBufferOptions.IotHubStorage, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="value"/> is meant as a container SAS URL rather than a connection string.</summary>
    public static bool IsSasUrl(string value) =>
        value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The storage value given through the environment: <c>EDGECAM_STORAGE</c>, else the connection string, else the SAS URL.</summary>
    public static string? FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (Empty(environment(BlobBufferOptions.StorageVariable)) is { } storage)
        {
            return storage;
        }

        var connection = environment(BlobBufferOptions.ConnectionStringVariable);
        return string.IsNullOrWhiteSpace(connection) ? Empty(environment(BlobBufferOptions.ContainerSasUrlVariable)) : connection;
    }

    /// <summary>Null when <paramref name="value"/> is absent or well formed; otherwise one line naming what is wrong (never the key).</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || IsIotHub(value))
        {
            return null;
        }

        try
        {
            _ = IsSasUrl(value) ? BlobStorageCredential.From(null, value) : BlobStorageCredential.From(value, null);
            return null;
        }
        catch (FormatException ex)
        {
            return $"storage credential not usable: {ex.Message}";
        }
    }

    /// <summary>The BlobBuffer variables for <paramref name="value"/> (at most one of them set; neither for <c>iothub</c>).</summary>
    public static (string? ConnectionString, string? SasUrl) Split(string? value) =>
        string.IsNullOrWhiteSpace(value) || IsIotHub(value) ? (null, null) : IsSasUrl(value) ? (null, value) : (value, null);

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
