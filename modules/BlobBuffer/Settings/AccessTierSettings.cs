using EdgeCam.BlobBuffer.Store;
using EdgeCam.Edge.Twin;

namespace EdgeCam.BlobBuffer.Settings;

/// <summary>An access tier a blob is committed in; <see cref="Default"/> leaves it to the account's default tier.</summary>
public enum BlobAccessTier
{
    Default,
    Hot,
    Cool,
    Cold,
    Archive,
}

/// <summary>
/// The twin object <c>accessTiers</c>: the access tier each kind of blob is committed in (Commit Block List's
/// <c>x-ms-access-tier</c>), so there is no moment a blob sits in the wrong tier. <c>default</c> (or absent, or null)
/// sends no tier: the account's default applies. An Archive blob cannot be read until it is rehydrated (hours); keep
/// snapshots Hot or Cool, since alerts link to them.
/// </summary>
public sealed record AccessTierSettings
{
    public const string SectionName = "accessTiers";

    /// <summary>The first <c>x-ms-version</c> that knows the Cold tier.</summary>
    public const string ColdServiceVersion = "2021-12-02";

    public BlobAccessTier Clip { get; init; } = BlobAccessTier.Default;

    public BlobAccessTier Snapshot { get; init; } = BlobAccessTier.Default;

    public BlobAccessTier Footage { get; init; } = BlobAccessTier.Default;

    public BlobAccessTier Export { get; init; } = BlobAccessTier.Default;

    public BlobAccessTier Timelapse { get; init; } = BlobAccessTier.Default;

    /// <summary>The tier to send for a blob of <paramref name="kind"/> (<see cref="BlobKinds"/>): its name, or null for the account default.</summary>
    public string? For(string kind)
    {
        var tier = kind switch
        {
            BlobKinds.Snapshot => Snapshot,
            BlobKinds.Footage => Footage,
            BlobKinds.Export => Export,
            BlobKinds.Timelapse => Timelapse,
            _ => Clip,
        };
        return tier == BlobAccessTier.Default ? null : tier.ToString();
    }

    /// <summary>Reads the section; an unknown tier name is an error naming the property (<c>accessTiers.clip</c>).</summary>
    public static AccessTierSettings Read(SettingsReader section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var defaults = new AccessTierSettings();
        return new AccessTierSettings
        {
            Clip = section.GetEnum(BlobKinds.Clip, defaults.Clip),
            Snapshot = section.GetEnum(BlobKinds.Snapshot, defaults.Snapshot),
            Footage = section.GetEnum(BlobKinds.Footage, defaults.Footage),
            Export = section.GetEnum(BlobKinds.Export, defaults.Export),
            Timelapse = section.GetEnum(BlobKinds.Timelapse, defaults.Timelapse),
        };
    }

    /// <summary>The kinds set to <paramref name="tier"/>.</summary>
    public IEnumerable<string> KindsIn(BlobAccessTier tier) =>
        new[] { BlobKinds.Clip, BlobKinds.Snapshot, BlobKinds.Footage, BlobKinds.Export, BlobKinds.Timelapse }.Where(kind => For(kind) == tier.ToString());
}
