using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// IoT Hub shared access signatures: <c>SharedAccessSignature sr={uri}&amp;sig={signature}&amp;se={expiry}[&amp;skn={policy}]</c>,
/// where the signature is HMAC-SHA256, keyed with the base64-decoded key, over <c>{url-encoded uri}\n{expiry}</c>.
/// Encoding is upper-case percent-encoding throughout, so <c>sr</c> and the signed string agree.
/// </summary>
public static class SasToken
{
    /// <summary>The resource URI of a device (<paramref name="moduleId"/> null) or module: <c>{host}/devices/{d}[/modules/{m}]</c>, ids escaped once.</summary>
    public static string ResourceUri(string hostName, string deviceId, string? moduleId)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        var uri = $"{hostName}/devices/{Uri.EscapeDataString(deviceId)}";
        return string.IsNullOrEmpty(moduleId) ? uri : $"{uri}/modules/{Uri.EscapeDataString(moduleId)}";
    }

    /// <summary>The string that is signed: the escaped resource URI, a newline, the expiry in Unix seconds.</summary>
    public static string StringToSign(string resourceUri, long expiryUnixSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{Uri.EscapeDataString(resourceUri)}\n{expiryUnixSeconds}");

    /// <summary>Builds a token from a base64 shared access key.</summary>
    /// <exception cref="FormatException">The key is not base64 (the message never contains the key).</exception>
    public static string Create(string resourceUri, string base64Key, DateTimeOffset expiry, string? keyName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(base64Key);
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64Key);
        }
        catch (FormatException)
        {
            throw new FormatException("the shared access key is not valid base64");
        }

        long se = expiry.ToUnixTimeSeconds();
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(StringToSign(resourceUri, se))));
        CryptographicOperations.ZeroMemory(key);
        return Format(resourceUri, signature, se, keyName);
    }

    /// <summary>Assembles a token from a signature computed elsewhere (for example by the IoT Edge workload API).</summary>
    public static string Format(string resourceUri, string base64Signature, long expiryUnixSeconds, string? keyName = null)
    {
        var token = string.Create(
            CultureInfo.InvariantCulture,
            $"SharedAccessSignature sr={Uri.EscapeDataString(resourceUri)}&sig={Uri.EscapeDataString(base64Signature)}&se={expiryUnixSeconds}");
        return string.IsNullOrEmpty(keyName) ? token : $"{token}&skn={Uri.EscapeDataString(keyName)}";
    }
}
