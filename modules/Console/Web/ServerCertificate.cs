using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeCam.WebConsole.Web;

/// <summary>
/// Loads the console's HTTPS certificate from PEM files (<see cref="ConsoleOptions.TlsCertificateVariable"/> and
/// <see cref="ConsoleOptions.TlsKeyVariable"/>). Whatever is wrong (a missing file, no certificate in it, no private
/// key, a key of another certificate) is one line naming the variable and the file.
/// </summary>
internal static class ServerCertificate
{
    /// <summary>The certificate with its private key.</summary>
    /// <param name="certificateFile">The PEM certificate (the key may follow it in the same file).</param>
    /// <param name="keyFile">The PEM private key; null when it is in <paramref name="certificateFile"/>.</param>
    /// <exception cref="ServerCertificateException">The files do not hold a certificate and its key.</exception>
    public static X509Certificate2 Load(string certificateFile, string? keyFile)
    {
        ArgumentNullException.ThrowIfNull(certificateFile);
        var certificateText = Read(certificateFile, ConsoleOptions.TlsCertificateVariable);
        var (keyText, keyVariable, keyPath) = keyFile is null
            ? (certificateText, ConsoleOptions.TlsCertificateVariable, certificateFile)
            : (Read(keyFile, ConsoleOptions.TlsKeyVariable), ConsoleOptions.TlsKeyVariable, keyFile);
        try
        {
            using var _ = X509Certificate2.CreateFromPem(certificateText);
        }
        catch (CryptographicException)
        {
            throw new ServerCertificateException($"{ConsoleOptions.TlsCertificateVariable}: '{certificateFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }

        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new ServerCertificateException(keyFile is null
                ? $"{ConsoleOptions.TlsCertificateVariable}: '{certificateFile}' holds no private key, and {ConsoleOptions.TlsKeyVariable} names no key file."
                : $"{keyVariable}: '{keyPath}' holds no PEM private key (-----BEGIN PRIVATE KEY-----).");
        }

        if (keyText.Contains("ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new ServerCertificateException($"{keyVariable}: '{keyPath}' holds an encrypted private key; the console needs it unencrypted (readable only by its user).");
        }

        try
        {
            return X509Certificate2.CreateFromPem(certificateText, keyText);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new ServerCertificateException($"{keyVariable}: the private key in '{keyPath}' is not the key of the certificate in '{certificateFile}' (or it is malformed).");
        }
    }

    private static string Read(string path, string variable)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ServerCertificateException(ex is FileNotFoundException or DirectoryNotFoundException
                ? $"{variable}: there is no file '{path}'."
                : $"{variable}: '{path}' cannot be read ({ex.Message.ReplaceLineEndings(" ")}).");
        }
    }
}

/// <summary>The HTTPS certificate or key files cannot be used; the message is one line naming the variable and the file.</summary>
public sealed class ServerCertificateException : Exception
{
    public ServerCertificateException()
    {
    }

    public ServerCertificateException(string message)
        : base(message)
    {
    }

    public ServerCertificateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
