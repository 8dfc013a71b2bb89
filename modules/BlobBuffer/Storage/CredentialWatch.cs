using System.Globalization;
using Microsoft.Extensions.Logging;

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// Keeps an eye on the storage credential every <see cref="StorageSasFile.PollInterval"/>: takes a renewed SAS from the
/// SAS file (an invalid one keeps the credential in force, with one line), and warns once per credential when its expiry
/// comes within the warning window (<c>sasExpiryWarningDays</c>).
/// </summary>
public sealed partial class CredentialWatch(RenewableCredential credentials, StorageSasFile? file, TimeProvider timeProvider, ILogger logger)
{
    private BlobStorageCredential? _warnedFor;

    /// <summary>True when the credential in force expires within <paramref name="warningDays"/> days, or has expired; 0 days: never.</summary>
    public bool IsExpiring(int warningDays) =>
        warningDays > 0 && credentials.Current.ExpiresOn is { } expires && expires - timeProvider.GetUtcNow() <= TimeSpan.FromDays(warningDays);

    /// <summary>One look: the file (a renewal), then the expiry warning.</summary>
    public void Check(int warningDays)
    {
        if (file?.Poll() is { } change)
        {
            if (change.Renewed is { } renewed)
            {
                credentials.Renew(renewed);
                LogRenewed(logger, file.FilePath, renewed.ToString(), Time(renewed.ExpiresOn));
            }
            else if (change.Problem is { } problem)
            {
                LogNotRenewed(logger, problem, Time(credentials.Current.ExpiresOn));
            }
        }

        var current = credentials.Current;
        if (IsExpiring(warningDays) && !ReferenceEquals(_warnedFor, current))
        {
            _warnedFor = current;
            var left = current.ExpiresOn!.Value - timeProvider.GetUtcNow();
            var when = left <= TimeSpan.Zero ? "has expired" : string.Create(CultureInfo.InvariantCulture, $"expires in {left.TotalDays:0.#} days");
            var renew = file is null ? $"renew it (write the new SAS URL into the file named by {BlobBufferOptions.ContainerSasFileVariable} to take it without a restart)" : $"write the renewed SAS URL into {file.FilePath}";
            LogExpiring(logger, current.ToString(), when, Time(current.ExpiresOn), warningDays, renew);
        }
    }

    /// <summary>Looks every <see cref="StorageSasFile.PollInterval"/> until cancelled; <paramref name="looked"/> runs after each look.</summary>
    public async Task RunAsync(Func<int> warningDays, Func<CancellationToken, Task> looked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warningDays);
        ArgumentNullException.ThrowIfNull(looked);
        while (true)
        {
            await Task.Delay(StorageSasFile.PollInterval, timeProvider, cancellationToken);
            Check(warningDays());
            await looked(cancellationToken);
        }
    }

    private static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "never";

    [LoggerMessage(1, LogLevel.Information, "Storage SAS renewed from {File}: {Credential}, expiring {ExpiresAt}; used from the next request")]
    private static partial void LogRenewed(ILogger logger, string file, string credential, string expiresAt);

    [LoggerMessage(2, LogLevel.Error, "Storage SAS not renewed: {Problem} Still using the SAS that expires {ExpiresAt}")]
    private static partial void LogNotRenewed(ILogger logger, string problem, string expiresAt);

    [LoggerMessage(3, LogLevel.Warning, "The storage SAS ({Credential}) {When} ({ExpiresAt}, within sasExpiryWarningDays {WarningDays}); {Renew}")]
    private static partial void LogExpiring(ILogger logger, string credential, string when, string expiresAt, int warningDays, string renew);
}
