using EdgeCam.Edge.Twin;

namespace EdgeCam.EventRouter.Sinks.Webhook;

/// <summary>The twin section <c>webhook</c>: an HTTP endpoint (a push service, an automation) every alert is POSTed to.</summary>
/// <param name="Enabled">POST alerts at all (<c>webhook.enabled</c>).</param>
/// <param name="Url">The endpoint, http or https (<c>webhook.url</c>; required when enabled). A bearer token, if the
/// endpoint needs one, is EDGECAM_WEBHOOK_TOKEN, never the twin.</param>
/// <param name="Timeout">Longest wait for one answer (<c>webhook.timeoutSeconds</c>, 1..120).</param>
/// <param name="RetryMinimum">First wait after a failure (<c>webhook.retryMinSeconds</c>, 0.1..60).</param>
/// <param name="RetryMaximum">Longest wait between retries (<c>webhook.retryMaxSeconds</c>, 1..3600).</param>
public sealed record WebhookSettings(bool Enabled, string Url, TimeSpan Timeout, TimeSpan RetryMinimum, TimeSpan RetryMaximum)
{
    /// <summary>The section with no desired properties.</summary>
    public static WebhookSettings Default { get; } = new(
        Enabled: false,
        Url: string.Empty,
        Timeout: TimeSpan.FromSeconds(10),
        RetryMinimum: TimeSpan.FromSeconds(1),
        RetryMaximum: TimeSpan.FromSeconds(60));

    /// <summary>Reads the section through <paramref name="reader"/> (from <c>reader.GetSection("webhook")</c>).</summary>
    public static WebhookSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var enabled = reader.GetBoolean("enabled", Default.Enabled);
        var url = reader.GetString("url", Default.Url, allowEmpty: true);
        if (url.Length > 0 && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            reader.AddError("url", $"must be an absolute http or https URL, got '{url}'");
        }
        else if (enabled && url.Length == 0)
        {
            reader.AddError("url", "must be set when webhook.enabled is true");
        }

        var retryMin = reader.GetSeconds("retryMinSeconds", Default.RetryMinimum, TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(60));
        var retryMax = reader.GetSeconds("retryMaxSeconds", Default.RetryMaximum, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3600));
        if (retryMax < retryMin)
        {
            reader.AddError("retryMaxSeconds", $"must not be below retryMinSeconds ({retryMin.TotalSeconds} s)");
        }

        return new WebhookSettings(
            enabled,
            url,
            reader.GetSeconds("timeoutSeconds", Default.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(120)),
            retryMin,
            retryMax);
    }
}
