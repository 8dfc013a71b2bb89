using System.Xml.Linq;

namespace EdgeCam.Onvif.Soap;

/// <summary>The XML namespaces of SOAP 1.2, WS-Addressing, WS-Discovery, WS-Security and ONVIF that EdgeCam reads and writes.</summary>
internal static class OnvifNamespaces
{
    public static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";

    /// <summary>WS-Addressing as WS-Discovery (2005/04, the version ONVIF requires) uses it.</summary>
    public static readonly XNamespace Addressing = "http://schemas.xmlsoap.org/ws/2004/08/addressing";

    public static readonly XNamespace Discovery = "http://schemas.xmlsoap.org/ws/2005/04/discovery";

    public static readonly XNamespace Network = "http://www.onvif.org/ver10/network/wsdl";

    public static readonly XNamespace Security = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    public static readonly XNamespace SecurityUtility = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    public static readonly XNamespace Device = "http://www.onvif.org/ver10/device/wsdl";

    public static readonly XNamespace Media = "http://www.onvif.org/ver10/media/wsdl";

    public static readonly XNamespace Schema = "http://www.onvif.org/ver10/schema";

    public const string PasswordDigestType = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";

    public const string Base64EncodingType = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
}
