namespace EdgeCam.EventRouter.Health;

/// <summary>
/// An unsynchronised clock mislabels every clip, alert and blob name, and breaks TLS to the cloud when it is far off:
/// <see cref="Check"/> (every <see cref="HealthSettings.ClockCheckInterval"/>) raises <c>clockUnsynchronised</c> once when
/// <see cref="IClockStatus"/> says so, and <c>clockSynchronised</c> once when it is synchronised again. An unreadable
/// status changes nothing.
/// </summary>
public sealed class ClockSyncRule(HealthContext context, IClockStatus status, string subject)
{
    /// <summary>Reads the status once; call under <see cref="HealthContext.Gate"/>.</summary>
    public void Check()
    {
        var now = context.Time.GetUtcNow();
        switch (status.IsSynchronised())
        {
            case false:
                context.Emit(context.Episodes.Raise(subject, HealthCondition.ClockUnsynchronised, now,
                    $"The device clock is not synchronised to a time source (kernel status STA_UNSYNC at {now:yyyy-MM-dd HH:mm:ss}Z): alert, clip and blob times may be wrong; check NTP (chrony or systemd-timesyncd) and network access to it"));
                break;
            case true:
                context.Emit(context.Episodes.Recover(subject, HealthCondition.ClockUnsynchronised, now, since =>
                    $"The device clock is synchronised again (unsynchronised since {since:yyyy-MM-dd HH:mm:ss}Z)"));
                break;
        }
    }
}
