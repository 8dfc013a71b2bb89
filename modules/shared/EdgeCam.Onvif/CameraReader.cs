using EdgeCam.Onvif.Device;
using EdgeCam.Onvif.Discovery;
using EdgeCam.Onvif.Media;
using EdgeCam.Onvif.Soap;

namespace EdgeCam.Onvif;

/// <summary>
/// Reads what EdgeCam needs from one ONVIF camera: device service → Media service address → profiles → one RTSP stream
/// URI per profile, then the main and sub stream.
/// </summary>
public sealed class CameraReader
{
    private readonly HttpClient _http;
    private readonly TimeProvider _timeProvider;

    public CameraReader(HttpClient http, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _http = http;
        _timeProvider = timeProvider;
    }

    /// <summary>Reads the camera whose device service is at <paramref name="deviceAddress"/>; <paramref name="match"/> adds its announced name and hardware.</summary>
    public async Task<CameraListing> ReadAsync(Uri deviceAddress, OnvifCredentials credentials, ProbeMatch? match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceAddress);
        ArgumentNullException.ThrowIfNull(credentials);
        var caller = new SoapCaller(_http, credentials, _timeProvider);
        var mediaAddress = await new DeviceService(caller, deviceAddress).GetMediaAddressAsync(cancellationToken);
        var media = new MediaService(caller, mediaAddress);
        var profiles = await media.GetProfilesAsync(cancellationToken);
        var streams = new List<ProfileStream>();
        foreach (var profile in profiles.Where(p => p.PixelCount > 0))
        {
            streams.Add(new ProfileStream(profile, await media.GetStreamUriAsync(profile.Token, cancellationToken)));
        }

        var main = StreamChoice.Main(streams) ?? throw new OnvifCallException($"ONVIF device {deviceAddress} has no media profile with video");
        return new CameraListing(deviceAddress, match?.Name, match?.Hardware, streams, main, StreamChoice.Sub(streams)!);
    }
}
