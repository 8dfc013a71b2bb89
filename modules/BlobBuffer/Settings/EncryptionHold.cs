using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer.Encryption;

namespace EdgeCam.BlobBuffer.Settings;

/// <summary>
/// Fails closed: when the twin asks for encryption (<c>encryption.enabled</c> true) but the settings in force do not
/// encrypt, because the desired document was rejected (a bad key, or a mistake anywhere else in it), nothing is uploaded.
/// Files are still accepted and kept on the device; once a valid document is in force they are encrypted before they go.
/// </summary>
public static class EncryptionHold
{
    /// <summary>Why uploads wait, or null when they may go.</summary>
    /// <param name="desired">The twin's desired document as last received, valid or not.</param>
    /// <param name="inForce">The settings in force.</param>
    /// <param name="rejection">Why the desired document was rejected, when it was.</param>
    public static string? Reason(JsonObject desired, BlobBufferSettings inForce, string? rejection)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(inForce);
        if (inForce.Encryption.Enabled || !AsksForEncryption(desired))
        {
            return null;
        }

        return $"uploads held: the twin asks for encryption, but its desired properties are not in force ({rejection ?? "not applied yet"}); files wait on the device until a valid document arrives";
    }

    private static bool AsksForEncryption(JsonObject desired) =>
        desired[EncryptionSettings.SectionName] is JsonObject section
        && section[EncryptionSettings.EnabledName] is JsonValue enabled
        && enabled.TryGetValue<bool>(out var value)
        && value;
}
