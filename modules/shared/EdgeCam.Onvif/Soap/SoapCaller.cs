using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace EdgeCam.Onvif.Soap;

/// <summary>
/// Sends one SOAP 1.2 request to an ONVIF service over HTTP and returns the body's response element. Adds the
/// UsernameToken header when credentials are set; turns a SOAP fault or an HTTP error into one <see cref="OnvifCallException"/>
/// line naming the call, the address and the device's reason.
/// </summary>
public sealed class SoapCaller
{
    private const string ContentType = "application/soap+xml";

    private readonly HttpClient _http;
    private readonly OnvifCredentials _credentials;
    private readonly TimeProvider _timeProvider;

    public SoapCaller(HttpClient http, OnvifCredentials credentials, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _http = http;
        _credentials = credentials;
        _timeProvider = timeProvider;
    }

    /// <summary>Calls <paramref name="serviceAddress"/> with <paramref name="request"/> as the SOAP body; returns the body's first element.</summary>
    public async Task<XElement> CallAsync(Uri serviceAddress, XElement request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceAddress);
        ArgumentNullException.ThrowIfNull(request);
        var operation = request.Name.LocalName;
        var envelope = BuildEnvelope(request);
        using var content = new StringContent(envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, ContentType);
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(serviceAddress, content, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new OnvifCallException($"ONVIF {operation} to {serviceAddress} failed: {ex.Message}", ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var body = TryReadBody(text);
            if (body?.Elements().FirstOrDefault() is { } first && first.Name == OnvifNamespaces.Soap + "Fault")
            {
                throw new OnvifCallException($"ONVIF {operation} to {serviceAddress} was refused: {DescribeFault(first)}");
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new OnvifCallException($"ONVIF {operation} to {serviceAddress} was refused: HTTP 401, wrong or missing user and password");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new OnvifCallException($"ONVIF {operation} to {serviceAddress} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            return body?.Elements().FirstOrDefault()
                ?? throw new OnvifCallException($"ONVIF {operation} to {serviceAddress} answered without a SOAP body");
        }
    }

    private XDocument BuildEnvelope(XElement request)
    {
        XNamespace s = OnvifNamespaces.Soap;
        var header = new XElement(s + "Header");
        if (_credentials.IsSet)
        {
            header.Add(UsernameToken.Create(_credentials.Username, _credentials.Password, _timeProvider).ToSecurityHeader());
        }

        // The body declares xsi and xsd as the agsh onvif client (tested against cameras of many makers) and gSOAP
        // clients do; they cost nothing, and the npm package's camera mock-up the tests run finds the call by that shape.
        var body = new XElement(
            s + "Body",
            new XAttribute(XNamespace.Xmlns + "xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            new XAttribute(XNamespace.Xmlns + "xsd", "http://www.w3.org/2001/XMLSchema"),
            request);
        return new XDocument(new XElement(s + "Envelope", new XAttribute(XNamespace.Xmlns + "s", s.NamespaceName), header, body));
    }

    private static XElement? TryReadBody(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return XDocument.Parse(text).Root?.Element(OnvifNamespaces.Soap + "Body");
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>"ter:NotAuthorized: Sender not authorized" from a SOAP 1.2 fault's innermost subcode and its reason text.</summary>
    internal static string DescribeFault(XElement fault)
    {
        XNamespace s = OnvifNamespaces.Soap;
        var code = fault.Element(s + "Code");
        var value = code?.Element(s + "Value")?.Value.Trim();
        for (var sub = code?.Element(s + "Subcode"); sub is not null; sub = sub.Element(s + "Subcode"))
        {
            value = sub.Element(s + "Value")?.Value.Trim() ?? value;
        }

        var reason = fault.Element(s + "Reason")?.Elements(s + "Text").FirstOrDefault()?.Value.Trim();
        return (value, reason) switch
        {
            (not null, not null and not "") => $"{value}: {reason}",
            (not null, _) => value,
            (_, not null) => reason,
            _ => "SOAP fault without code or reason",
        };
    }
}
