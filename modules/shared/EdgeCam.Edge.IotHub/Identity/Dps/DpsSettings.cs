using System.Security.Cryptography;
using System.Text;

namespace EdgeCam.Edge.Identity.Dps;

/// <summary>
/// What a device needs to register with the Device Provisioning Service over MQTT with a symmetric key. Use
/// <see cref="ForGroupEnrollment"/> when only the enrollment group's key is at hand. <see cref="ToString"/> never shows
/// the key.
/// </summary>
/// <param name="IdScope">The DPS instance's ID scope (<c>0ne…</c>).</param>
/// <param name="RegistrationId">The registration id (becomes the device id unless the enrollment says otherwise).</param>
/// <param name="DeviceKey">The device's base64 symmetric key: the individual enrollment's key, or the derived group key.</param>
/// <param name="Host">The DPS endpoint.</param>
/// <param name="Port">MQTT over TLS.</param>
/// <param name="CaFile">The CA the endpoint's certificate must chain to, or null for <paramref name="CaDirectory"/>.</param>
/// <param name="CaDirectory">A hashed CA directory (the system store by default).</param>
public sealed record DpsSettings(
    string IdScope,
    string RegistrationId,
    string DeviceKey,
    string Host = DpsSettings.GlobalEndpoint,
    int Port = 8883,
    string? CaFile = null,
    string? CaDirectory = "/etc/ssl/certs")
{
    public const string GlobalEndpoint = "global.azure-devices-provisioning.net";

    /// <summary>The api-version DPS documents for MQTT.</summary>
    public const string ApiVersion = "2019-03-31";

    /// <summary>How long to wait for each DPS answer.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Polling interval when DPS sends no <c>retry-after</c> (the SDKs use 2 s).</summary>
    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many polls (and 429/5xx retries) before giving up.</summary>
    public int MaxPolls { get; init; } = 30;

    /// <summary>Settings for a group enrollment: the device key is derived from <paramref name="groupKey"/>.</summary>
    public static DpsSettings ForGroupEnrollment(string idScope, string registrationId, string groupKey) =>
        new(idScope, registrationId, DeriveDeviceKey(groupKey, registrationId));

    /// <summary>
    /// The device key of a group enrollment: <c>base64(HMAC-SHA256(base64decode(groupKey), utf8(registrationId)))</c>.
    /// Ship only the derived key to a device, never the group key.
    /// </summary>
    /// <exception cref="FormatException">The group key is not base64 (the message never contains it).</exception>
    public static string DeriveDeviceKey(string groupKey, string registrationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupKey);
        ArgumentException.ThrowIfNullOrEmpty(registrationId);
        byte[] key;
        try
        {
            key = Convert.FromBase64String(groupKey);
        }
        catch (FormatException)
        {
            throw new FormatException("the DPS group key is not valid base64");
        }

        var derived = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(registrationId));
        CryptographicOperations.ZeroMemory(key);
        return Convert.ToBase64String(derived);
    }

    /// <summary>The SAS resource: <c>{idScope}/registrations/{registrationId}</c>.</summary>
    public string ResourceUri => $"{IdScope}/registrations/{RegistrationId}";

    /// <summary>The MQTT username DPS expects.</summary>
    public string Username => $"{IdScope}/registrations/{RegistrationId}/api-version={ApiVersion}";

    public override string ToString() => $"DPS {Host}:{Port} scope {IdScope}, registration {RegistrationId}, key ***";
}

/// <summary>Where DPS put the device.</summary>
/// <param name="AssignedHub">The IoT Hub host name.</param>
/// <param name="DeviceId">The device id on that hub.</param>
public sealed record DpsAssignment(string AssignedHub, string DeviceId);

/// <summary>DPS refused or failed the registration; the message says what to check, never the key.</summary>
public sealed class DpsRegistrationException : Exception
{
    public DpsRegistrationException()
    {
    }

    public DpsRegistrationException(string message)
        : base(message)
    {
    }

    public DpsRegistrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DpsRegistrationException(string message, int? status, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
    }

    /// <summary>The DPS status (401, 404, …) or CONNACK-based refusal, when DPS answered.</summary>
    public int? Status { get; }
}
