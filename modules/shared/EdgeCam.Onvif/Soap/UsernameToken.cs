using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace EdgeCam.Onvif.Soap;

/// <summary>
/// The WS-Security UsernameToken with a password digest that ONVIF devices require (ONVIF Core spec, "User-based
/// access control"): <c>PasswordDigest = Base64(SHA1(nonce + created + password))</c>, where nonce is the raw bytes and
/// created the UTC time as text; the password itself never travels.
/// </summary>
public sealed record UsernameToken(string Username, string Nonce, string Created, string PasswordDigest)
{
    /// <summary>Makes a token for <paramref name="username"/> with a fresh 16-byte nonce and the time from <paramref name="timeProvider"/>.</summary>
    public static UsernameToken Create(string username, string password, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return Create(username, password, RandomNumberGenerator.GetBytes(16), timeProvider.GetUtcNow());
    }

    /// <summary>Makes a token from a given nonce and time (the digest is a pure function of them).</summary>
    public static UsernameToken Create(string username, string password, byte[] nonce, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(nonce);
        var createdText = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new UsernameToken(username, Convert.ToBase64String(nonce), createdText, Digest(nonce, createdText, password));
    }

    /// <summary>Base64(SHA1(nonce + created + password)), the bytes of created and password in UTF-8.</summary>
    public static string Digest(byte[] nonce, string created, string password)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(password);
        var createdBytes = Encoding.UTF8.GetBytes(created);
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var input = new byte[nonce.Length + createdBytes.Length + passwordBytes.Length];
        nonce.CopyTo(input, 0);
        createdBytes.CopyTo(input, nonce.Length);
        passwordBytes.CopyTo(input, nonce.Length + createdBytes.Length);
#pragma warning disable CA5350 // SHA-1 is what the WS-Security UsernameToken profile defines; the device checks exactly this.
        return Convert.ToBase64String(SHA1.HashData(input));
#pragma warning restore CA5350
    }

    /// <summary>The <c>wsse:Security</c> header element carrying this token.</summary>
    public XElement ToSecurityHeader()
    {
        XNamespace wsse = OnvifNamespaces.Security;
        XNamespace wsu = OnvifNamespaces.SecurityUtility;
        return new XElement(
            wsse + "Security",
            new XAttribute(XNamespace.Xmlns + "wsse", wsse.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "wsu", wsu.NamespaceName),
            new XAttribute(OnvifNamespaces.Soap + "mustUnderstand", "1"),
            new XElement(
                wsse + "UsernameToken",
                new XElement(wsse + "Username", Username),
                new XElement(wsse + "Password", new XAttribute("Type", OnvifNamespaces.PasswordDigestType), PasswordDigest),
                new XElement(wsse + "Nonce", new XAttribute("EncodingType", OnvifNamespaces.Base64EncodingType), Nonce),
                new XElement(wsu + "Created", Created)));
    }
}
