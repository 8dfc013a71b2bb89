using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeCam.Edge.Twin;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// The device twin's desired <c>firmware</c> section: which agent release the device should run and how to check it.
/// Validated as a whole, with the policy every twin section follows (<see cref="SettingsReader.Parse{T}"/>): one error
/// per wrong or unknown property, each naming it.
/// </summary>
/// <param name="Version">The release's version (<c>version</c>): letters, digits and <c>. _ + -</c>, at most 64; the package's <c>firmware-version</c> file must say the same.</param>
/// <param name="PackageUrl">Where the package is (<c>packageUrl</c>): an absolute http or https URL (a blob SAS URL, for example).</param>
/// <param name="Sha256">The package's SHA-256 (<c>sha256</c>), 64 hex digits.</param>
/// <param name="Signature">The owner's ECDSA P-256 signature of the package (<c>signature</c>), base64 of the DER form.</param>
/// <param name="HealthTimeout">How long the new release has to report healthy before it is rolled back (<c>healthTimeoutSeconds</c>, 10..3600).</param>
public sealed partial record FirmwareSettings(string Version, Uri PackageUrl, string Sha256, string Signature, TimeSpan HealthTimeout)
{
    /// <summary>The device twin key of the section (top level of the desired properties, beside the module sections).</summary>
    public const string SectionName = "firmware";

    /// <summary>The health timeout when the section gives none.</summary>
    public static readonly TimeSpan DefaultHealthTimeout = TimeSpan.FromSeconds(300);

    /// <summary>The SHA-256 in lower case, as <see cref="Convert.ToHexStringLower(byte[])"/> writes it.</summary>
    public string Sha256Lower => Sha256.ToLowerInvariant();

    /// <summary>Reads the section; the message of the exception names every wrong property (prefixed <c>firmware.</c>).</summary>
    /// <exception cref="SettingsValidationException">A property is missing, invalid or unknown.</exception>
    public static FirmwareSettings Parse(JsonObject section) => SettingsReader.Parse(section, Read);

    /// <summary>Reads the settings; errors are collected by <paramref name="reader"/> with the property name.</summary>
    public static FirmwareSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.GetString("version", string.Empty, allowEmpty: true);
        var url = reader.GetString("packageUrl", string.Empty, allowEmpty: true);
        var sha256 = reader.GetString("sha256", string.Empty, allowEmpty: true);
        var signature = reader.GetString("signature", string.Empty, allowEmpty: true);
        var timeout = reader.GetSeconds("healthTimeoutSeconds", DefaultHealthTimeout, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3600));

        if (!VersionPattern().IsMatch(version))
        {
            reader.AddError("version", version.Length == 0 ? "is required" : "must be 1-64 letters, digits and . _ + -");
        }

        Uri? packageUrl = null;
        if (url.Length == 0)
        {
            reader.AddError("packageUrl", "is required");
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out packageUrl) || packageUrl.Scheme is not ("http" or "https"))
        {
            reader.AddError("packageUrl", "must be an absolute http or https URL");
        }

        if (!Sha256Pattern().IsMatch(sha256))
        {
            reader.AddError("sha256", sha256.Length == 0 ? "is required" : "must be 64 hex digits");
        }

        if (signature.Length == 0)
        {
            reader.AddError("signature", "is required");
        }
        else if (!IsBase64(signature))
        {
            reader.AddError("signature", "must be base64 (the DER form of an ECDSA P-256 signature)");
        }

        return new FirmwareSettings(version, packageUrl ?? new Uri("http://invalid/"), sha256, signature, timeout);
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out int written) && written > 0;
    }

    [GeneratedRegex("^[A-Za-z0-9._+-]{1,64}$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[0-9A-Fa-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
