namespace EdgeCam.Onvif.Discovery;

/// <summary>
/// One device that answered a WS-Discovery Probe: its endpoint reference, the device service addresses (XAddrs) and
/// the ONVIF scopes it announced, with the name and hardware scopes (<c>onvif://www.onvif.org/name/…</c>) decoded.
/// </summary>
public sealed record ProbeMatch(string EndpointReference, IReadOnlyList<Uri> XAddrs, IReadOnlyList<string> Scopes)
{
    private const string NamePrefix = "onvif://www.onvif.org/name/";
    private const string HardwarePrefix = "onvif://www.onvif.org/hardware/";

    /// <summary>The name scope, URL-decoded; null when the device announced none.</summary>
    public string? Name => ScopeValue(NamePrefix);

    /// <summary>The hardware (model) scope, URL-decoded; null when the device announced none.</summary>
    public string? Hardware => ScopeValue(HardwarePrefix);

    private string? ScopeValue(string prefix)
    {
        var scope = Scopes.FirstOrDefault(s => s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        return scope is null ? null : Uri.UnescapeDataString(scope[prefix.Length..]);
    }
}
