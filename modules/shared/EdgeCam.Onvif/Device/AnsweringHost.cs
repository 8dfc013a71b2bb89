namespace EdgeCam.Onvif.Device;

/// <summary>
/// Keeps talking to a camera at the address that answered. Cameras often report their services and streams under
/// another host than the one that reached them: a camera behind NAT or a port forward, one that kept an old DHCP
/// address in its settings, or one whose answers were recorded elsewhere. When the reported host differs from the
/// answering one, service addresses take the answering host and port (path kept; a
/// service on another port of the answering host is left as is), and stream URIs on the reported host
/// take the answering host (their RTSP port kept). A stream on a third host (a separate streaming server) is left as is.
/// </summary>
public sealed class AnsweringHost
{
    private readonly Uri _answered;
    private string? _reportedHost;

    /// <param name="answered">The device service address that answered.</param>
    public AnsweringHost(Uri answered)
    {
        ArgumentNullException.ThrowIfNull(answered);
        _answered = answered;
    }

    /// <summary>The host the camera reported for itself, when it is not the one that answered; null otherwise.</summary>
    public string? ReportedHost => _reportedHost;

    /// <summary>A service address from the camera, moved to the answering host and port when the camera named another host.</summary>
    public Uri Service(Uri reported)
    {
        ArgumentNullException.ThrowIfNull(reported);
        if (string.Equals(reported.Host, _answered.Host, StringComparison.OrdinalIgnoreCase))
        {
            return reported;
        }

        _reportedHost = reported.Host;
        return new UriBuilder(reported) { Scheme = _answered.Scheme, Host = _answered.Host, Port = _answered.Port }.Uri;
    }

    /// <summary>A stream URI from the camera, moved to the answering host when it is on the host the camera reported for itself.</summary>
    public Uri Stream(Uri reported)
    {
        ArgumentNullException.ThrowIfNull(reported);
        if (_reportedHost is null || !string.Equals(reported.Host, _reportedHost, StringComparison.OrdinalIgnoreCase))
        {
            return reported;
        }

        return new UriBuilder(reported) { Host = _answered.Host }.Uri;
    }
}
