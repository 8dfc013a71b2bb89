namespace EdgeCam.Agent.Firmware;

/// <summary>
/// Decides whether a downloaded package may be installed: its SHA-256 must be the twin's, and its signature must
/// verify with the public key the running release ships with. Both are checked before anything is unpacked.
/// </summary>
public static class PackageVerifier
{
    /// <summary>Null when the package may be installed; otherwise the one line that says why not.</summary>
    public static string? Problem(FirmwareSettings desired, string packagePath, string actualSha256, string? publicKeyPem)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (!string.Equals(actualSha256, desired.Sha256Lower, StringComparison.Ordinal))
        {
            return $"sha256 mismatch: the twin says {desired.Sha256Lower}, the package downloaded is {actualSha256}";
        }

        if (publicKeyPem is null)
        {
            return $"this release ships no {ReleaseFiles.PublicKeyFile}, so no package can be verified";
        }

        using var package = File.OpenRead(packagePath);
        bool valid;
        try
        {
            valid = FirmwareSignature.Verify(publicKeyPem, package, desired.Signature);
        }
        catch (ArgumentException ex)
        {
            return $"the shipped {ReleaseFiles.PublicKeyFile} is unusable: {ex.Message}";
        }

        return valid ? null : $"signature does not verify with the public key shipped in release {ReleaseFiles.RunningVersion()} ({ReleaseFiles.PublicKeyFile})";
    }
}
