using System.Xml;
using System.Xml.Linq;
using EdgeCam.Onvif.Soap;

namespace EdgeCam.Onvif.Discovery;

/// <summary>
/// Writes the WS-Discovery (2005/04) Probe for ONVIF network video transmitters and reads the ProbeMatches answers.
/// An answer counts only when its RelatesTo names the probe's MessageID, so stray traffic on the port is ignored.
/// </summary>
internal static class ProbeMessages
{
    private const string ProbeAction = "http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe";
    private const string DiscoveryTarget = "urn:schemas-xmlsoap-org:ws:2005:04:discovery";
    private const string AnonymousRole = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";

    public static string Probe(string messageId)
    {
        XNamespace s = OnvifNamespaces.Soap;
        XNamespace a = OnvifNamespaces.Addressing;
        XNamespace d = OnvifNamespaces.Discovery;
        XNamespace dn = OnvifNamespaces.Network;
        var envelope = new XElement(
            s + "Envelope",
            new XAttribute(XNamespace.Xmlns + "s", s.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "a", a.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "d", d.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "dn", dn.NamespaceName),
            new XElement(
                s + "Header",
                new XElement(a + "Action", new XAttribute(s + "mustUnderstand", "1"), ProbeAction),
                new XElement(a + "MessageID", messageId),
                new XElement(a + "ReplyTo", new XElement(a + "Address", AnonymousRole)),
                new XElement(a + "To", new XAttribute(s + "mustUnderstand", "1"), DiscoveryTarget)),
            new XElement(s + "Body", new XElement(d + "Probe", new XElement(d + "Types", "dn:NetworkVideoTransmitter"))));
        return envelope.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>The matches in <paramref name="text"/> if it is a ProbeMatches answering <paramref name="messageId"/>; empty otherwise.</summary>
    public static IReadOnlyList<ProbeMatch> ReadMatches(string text, string messageId)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (XmlException)
        {
            return [];
        }

        var envelope = document.Root;
        var relatesTo = envelope?.Element(OnvifNamespaces.Soap + "Header")?.Element(OnvifNamespaces.Addressing + "RelatesTo")?.Value.Trim();
        if (envelope is null || relatesTo != messageId)
        {
            return [];
        }

        XNamespace d = OnvifNamespaces.Discovery;
        var matches = envelope.Element(OnvifNamespaces.Soap + "Body")?.Element(d + "ProbeMatches")?.Elements(d + "ProbeMatch") ?? [];
        return matches.Select(ReadMatch).Where(m => m.XAddrs.Count > 0).ToList();
    }

    private static ProbeMatch ReadMatch(XElement match)
    {
        XNamespace d = OnvifNamespaces.Discovery;
        var endpoint = match.Element(OnvifNamespaces.Addressing + "EndpointReference")?.Element(OnvifNamespaces.Addressing + "Address")?.Value.Trim() ?? string.Empty;
        var xaddrs = Split(match.Element(d + "XAddrs")?.Value)
            .Select(x => Uri.TryCreate(x, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null)
            .OfType<Uri>()
            .ToList();
        return new ProbeMatch(endpoint, xaddrs, Split(match.Element(d + "Scopes")?.Value));
    }

    private static string[] Split(string? list) =>
        list?.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries) ?? [];
}
