namespace EdgeCam.Edge.Twin;

/// <summary>One invalid setting: its JSON path (for example <c>motion.threshold</c>) and what is wrong with it.</summary>
public sealed record SettingsError(string Path, string Reason)
{
    public override string ToString() => $"{Path} {Reason}";
}
