using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeCam.Edge.Identity.IotEdge;

/// <summary>
/// Writes the workload API's trust bundle to a PEM file that TLS verification (libmosquitto's <c>cafile</c>) reads:
/// edgeHub's server certificate is issued by the edge CA, not by a public root.
/// </summary>
public static class TrustBundleFile
{
    /// <summary>Checks <paramref name="pem"/> holds at least one certificate and writes it (atomically) as <c>{directory}/{name}</c>.</summary>
    /// <returns>The file's path.</returns>
    /// <exception cref="WorkloadApiException">The bundle holds no readable certificate.</exception>
    public static async Task<string> WriteAsync(string pem, string directory, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        int count = CountCertificates(pem);
        if (count == 0)
        {
            throw new WorkloadApiException("the IoT Edge trust bundle holds no PEM certificate: TLS to edgeHub cannot be verified");
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, pem.EndsWith('\n') ? pem : pem + "\n", cancellationToken);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>How many certificates <paramref name="pem"/> holds (0 when none parses).</summary>
    public static int CountCertificates(string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
            return certificates.Count;
        }
        catch (CryptographicException)
        {
            return 0;
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }
}
