using EdgeCam.Edge.Twin;

namespace EdgeCam.BlobBuffer.Encryption;

/// <summary>
/// The twin section <c>encryption</c>: whether every file BlobBuffer accepts from now on (clips, snapshots, footage,
/// exports, time-lapses) is encrypted for the owner, and the owner's RSA public key (PEM; not a secret).
/// </summary>
public sealed record EncryptionSettings
{
    public const string SectionName = "encryption";
    public const string EnabledName = "enabled";
    public const string PublicKeyName = "publicKey";

    /// <summary>Encrypt what is accepted from now on.</summary>
    public bool Enabled { get; init; }

    /// <summary>The owner's RSA public key in PEM, or empty.</summary>
    public string PublicKey { get; init; } = string.Empty;

    /// <summary>The key id of <see cref="PublicKey"/> (null when none is set).</summary>
    public string? KeyId { get; init; }

    /// <summary>Reads the section (from <c>reader.GetSection("encryption")</c>); an unusable key is one error naming it.</summary>
    public static EncryptionSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var defaults = new EncryptionSettings();
        var errors = reader.Errors.Count;
        var enabled = reader.GetBoolean(EnabledName, defaults.Enabled);
        var pem = reader.GetString(PublicKeyName, defaults.PublicKey, allowEmpty: true);
        string? keyId = null;
        if (reader.Errors.Count == errors && pem.Length > 0)
        {
            if (OwnerPublicKey.TryParse(pem, out var key, out var problem))
            {
                keyId = key!.KeyId;
            }
            else
            {
                reader.AddError(PublicKeyName, $"must be the owner's RSA public key in PEM (-----BEGIN PUBLIC KEY-----…), {OwnerPublicKey.MinKeySizeBits} bits or more: {problem}");
            }
        }
        else if (reader.Errors.Count == errors && enabled)
        {
            reader.AddError(PublicKeyName, $"must be set when {SectionName}.{EnabledName} is true: the owner's RSA public key in PEM");
        }

        return new EncryptionSettings { Enabled = enabled, PublicKey = pem, KeyId = keyId };
    }

    /// <summary>The encryptor these settings ask for, or null when encryption is off.</summary>
    public ClipEncryptor? CreateEncryptor() => Enabled ? new ClipEncryptor(OwnerPublicKey.Parse(PublicKey)) : null;
}
