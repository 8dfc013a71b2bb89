using System.Globalization;
using System.Xml.Linq;
using EdgeCam.Onvif.Soap;

namespace EdgeCam.Onvif.Device;

/// <summary>The calls EdgeCam makes on a device's ONVIF Device service: where its Media service lives.</summary>
public sealed class DeviceService
{
    private readonly SoapCaller _caller;
    private readonly Uri _address;

    public DeviceService(SoapCaller caller, Uri address)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(address);
        _caller = caller;
        _address = address;
    }

    /// <summary>
    /// The camera's UTC clock from GetSystemDateAndTime, which ONVIF lets anyone call (send it without credentials); null
    /// when the camera refuses the call or its answer carries no UTC date and time.
    /// </summary>
    public async Task<DateTimeOffset?> GetUtcTimeAsync(CancellationToken cancellationToken)
    {
        XNamespace tds = OnvifNamespaces.Device;
        XNamespace tt = OnvifNamespaces.Schema;
        XElement response;
        try
        {
            response = await _caller.CallAsync(_address, new XElement(tds + "GetSystemDateAndTime"), cancellationToken);
        }
        catch (OnvifCallException)
        {
            return null;
        }

        var utc = response.Element(tds + "SystemDateAndTime")?.Element(tt + "UTCDateTime");
        var date = utc?.Element(tt + "Date");
        var time = utc?.Element(tt + "Time");
        int Read(XElement? parent, string name) =>
            int.TryParse(parent?.Element(tt + name)?.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : -1;
        try
        {
            return new DateTimeOffset(Read(date, "Year"), Read(date, "Month"), Read(date, "Day"), Read(time, "Hour"), Read(time, "Minute"), Read(time, "Second"), TimeSpan.Zero);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// The Media (ver10) service address: from GetCapabilities (every Profile S device has it), or, when the device
    /// refuses that call, from GetServices (the newer call).
    /// </summary>
    public async Task<Uri> GetMediaAddressAsync(CancellationToken cancellationToken)
    {
        XNamespace tds = OnvifNamespaces.Device;
        XNamespace tt = OnvifNamespaces.Schema;
        string? address;
        try
        {
            var capabilities = await _caller.CallAsync(_address, new XElement(tds + "GetCapabilities", new XElement(tds + "Category", "Media")), cancellationToken);
            address = capabilities.Element(tds + "Capabilities")?.Element(tt + "Media")?.Element(tt + "XAddr")?.Value.Trim();
        }
        catch (OnvifCallException capabilitiesFailure)
        {
            XElement services;
            try
            {
                services = await _caller.CallAsync(_address, new XElement(tds + "GetServices", new XElement(tds + "IncludeCapability", "false")), cancellationToken);
            }
            catch (OnvifCallException)
            {
                throw capabilitiesFailure;
            }

            address = services.Elements(tds + "Service")
                .FirstOrDefault(s => s.Element(tds + "Namespace")?.Value.Trim() == OnvifNamespaces.Media.NamespaceName)
                ?.Element(tds + "XAddr")?.Value.Trim();
        }

        return Uri.TryCreate(address, UriKind.Absolute, out var media)
            ? media
            : throw new OnvifCallException($"ONVIF device {_address} names no Media service address (got '{address}')");
    }
}
