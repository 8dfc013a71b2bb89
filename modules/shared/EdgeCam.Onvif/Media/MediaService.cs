using System.Globalization;
using System.Xml.Linq;
using EdgeCam.Onvif.Soap;

namespace EdgeCam.Onvif.Media;

/// <summary>The calls EdgeCam makes on a device's ONVIF Media service (ver10): GetProfiles and GetStreamUri.</summary>
public sealed class MediaService
{
    private readonly SoapCaller _caller;
    private readonly Uri _address;

    public MediaService(SoapCaller caller, Uri address)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(address);
        _caller = caller;
        _address = address;
    }

    /// <summary>The device's media profiles, in the device's order; a profile without a video encoder has size 0x0.</summary>
    public async Task<IReadOnlyList<MediaProfile>> GetProfilesAsync(CancellationToken cancellationToken)
    {
        XNamespace trt = OnvifNamespaces.Media;
        XNamespace tt = OnvifNamespaces.Schema;
        var response = await _caller.CallAsync(_address, new XElement(trt + "GetProfiles"), cancellationToken);
        return response.Elements(trt + "Profiles")
            .Select(p =>
            {
                var encoder = p.Element(tt + "VideoEncoderConfiguration");
                var resolution = encoder?.Element(tt + "Resolution");
                return new MediaProfile(
                    (string?)p.Attribute("token") ?? throw new OnvifCallException($"ONVIF GetProfiles from {_address} returned a profile without a token"),
                    p.Element(tt + "Name")?.Value.Trim() ?? string.Empty,
                    encoder?.Element(tt + "Encoding")?.Value.Trim() ?? string.Empty,
                    ReadInt(resolution?.Element(tt + "Width")),
                    ReadInt(resolution?.Element(tt + "Height")));
            })
            .ToList();
    }

    /// <summary>The RTSP address of <paramref name="profileToken"/>'s stream, RTP-Unicast over RTSP.</summary>
    public async Task<Uri> GetStreamUriAsync(string profileToken, CancellationToken cancellationToken)
    {
        XNamespace trt = OnvifNamespaces.Media;
        XNamespace tt = OnvifNamespaces.Schema;
        var request = new XElement(
            trt + "GetStreamUri",
            new XElement(
                trt + "StreamSetup",
                new XElement(tt + "Stream", "RTP-Unicast"),
                new XElement(tt + "Transport", new XElement(tt + "Protocol", "RTSP"))),
            new XElement(trt + "ProfileToken", profileToken));
        var response = await _caller.CallAsync(_address, request, cancellationToken);
        var uri = response.Element(trt + "MediaUri")?.Element(tt + "Uri")?.Value.Trim();
        return Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
            ? parsed
            : throw new OnvifCallException($"ONVIF GetStreamUri from {_address} for profile '{profileToken}' returned no usable URI (got '{uri}')");
    }

    private static int ReadInt(XElement? element) =>
        int.TryParse(element?.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
