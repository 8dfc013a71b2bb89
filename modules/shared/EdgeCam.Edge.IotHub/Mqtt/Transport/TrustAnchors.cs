using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeCam.Edge.Mqtt.Transport;

/// <summary>
/// The CA certificates a server certificate must chain to: every certificate of a PEM file (the IoT Edge trust bundle,
/// a CA file), or of the PEM files in a directory (a hashed directory such as <c>/etc/ssl/certs</c>). Read at each
/// connect, so a renewed trust bundle is picked up by the next reconnect.
/// </summary>
internal static class TrustAnchors
{
    /// <exception cref="MqttConnectException">No CA certificate could be read (nothing would be trusted).</exception>
    public static X509Certificate2Collection Load(MqttTlsOptions tls)
    {
        var anchors = new X509Certificate2Collection();
        if (tls.CaFile is { } file)
        {
            try
            {
                anchors.ImportFromPemFile(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new MqttConnectException($"Cannot read the TLS CA file {file}: {ex.Message}", ex);
            }
        }
        else if (tls.CaDirectory is { } directory)
        {
            foreach (var path in Files(directory))
            {
                try
                {
                    anchors.ImportFromPemFile(path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
                {
                    // Not a certificate (a CRL, a README, a dangling link): the directory's other files still count.
                }
            }
        }
        else
        {
            throw new ArgumentException("TLS needs a CA file or a CA directory to verify the server.", nameof(tls));
        }

        if (anchors.Count == 0)
        {
            throw new MqttConnectException($"No CA certificate found in {tls.CaFile ?? tls.CaDirectory}: TLS could not verify any server.");
        }

        return anchors;
    }

    private static string[] Files(string directory)
    {
        try
        {
            return Directory.GetFiles(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MqttConnectException($"Cannot read the TLS CA directory {directory}: {ex.Message}", ex);
        }
    }
}
