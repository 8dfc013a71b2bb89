using EdgeCam.Onvif.Discovery;

namespace EdgeCam.Onvif.Tests.Discovery;

[Trait("Category", "Unit")]
public sealed class ProbeMessagesTests
{
    private const string Matches = """
        <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery">
          <s:Header><a:RelatesTo>uuid:probe-1</a:RelatesTo></s:Header>
          <s:Body><d:ProbeMatches><d:ProbeMatch>
            <a:EndpointReference><a:Address>urn:uuid:cam-1</a:Address></a:EndpointReference>
            <d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/Porch%20Cam onvif://www.onvif.org/hardware/IPC-2000</d:Scopes>
            <d:XAddrs>http://192.0.2.10/onvif/device_service http://[fe80::1]/onvif/device_service</d:XAddrs>
          </d:ProbeMatch></d:ProbeMatches></s:Body>
        </s:Envelope>
        """;

    [Fact]
    public void ReadMatches_AnswerToOurProbe_ReadsAddressesNameAndHardware()
    {
        var match = Assert.Single(ProbeMessages.ReadMatches(Matches, "uuid:probe-1"));

        Assert.Equal("urn:uuid:cam-1", match.EndpointReference);
        Assert.Equal(["http://192.0.2.10/onvif/device_service", "http://[fe80::1]/onvif/device_service"], match.XAddrs.Select(x => x.OriginalString));
        Assert.Equal("Porch Cam", match.Name);
        Assert.Equal("IPC-2000", match.Hardware);
    }

    [Fact]
    public void ReadMatches_AnswerToAnotherProbe_Ignored()
    {
        Assert.Empty(ProbeMessages.ReadMatches(Matches, "uuid:probe-2"));
    }

    [Fact]
    public void ReadMatches_NotXml_Ignored()
    {
        Assert.Empty(ProbeMessages.ReadMatches("M-SEARCH * HTTP/1.1", "uuid:probe-1"));
    }

    [Fact]
    public void Probe_MessageId_AsksForNetworkVideoTransmitters()
    {
        var probe = ProbeMessages.Probe("uuid:probe-1");

        Assert.Contains("<a:MessageID>uuid:probe-1</a:MessageID>", probe, StringComparison.Ordinal);
        Assert.Contains("<d:Types>dn:NetworkVideoTransmitter</d:Types>", probe, StringComparison.Ordinal);
    }
}
