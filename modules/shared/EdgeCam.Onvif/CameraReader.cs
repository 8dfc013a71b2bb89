using EdgeCam.Onvif.Device;
using EdgeCam.Onvif.Discovery;
using EdgeCam.Onvif.Media;
using EdgeCam.Onvif.Soap;

namespace EdgeCam.Onvif;

/// <summary>
/// Reads what EdgeCam needs from one ONVIF camera: the camera's clock → device service → Media service address →
/// profiles → one RTSP stream URI per profile, then the main and sub stream. The UsernameToken is dated on the camera's
/// clock (<see cref="DeviceClock"/>), and addresses the camera reports under another host are reached at the host that
/// answered (<see cref="AnsweringHost"/>).
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
        var anonymous = new SoapCaller(_http, OnvifCredentials.None, _timeProvider);
        var cameraTime = await new DeviceService(anonymous, deviceAddress).GetUtcTimeAsync(cancellationToken);
        var clock = new DeviceClock(_timeProvider, cameraTime is { } time ? time - _timeProvider.GetUtcNow() : TimeSpan.Zero);
        var caller = new SoapCaller(_http, credentials, clock);
        var host = new AnsweringHost(deviceAddress);
        var mediaAddress = host.Service(await new DeviceService(caller, deviceAddress).GetMediaAddressAsync(cancellationToken));
        var media = new MediaService(caller, mediaAddress);
        var profiles = await media.GetProfilesAsync(cancellationToken);
        var streams = new List<ProfileStream>();
        foreach (var profile in profiles.Where(p => p.PixelCount > 0))
        {
            streams.Add(new ProfileStream(profile, host.Stream(await media.GetStreamUriAsync(profile.Token, cancellationToken))));
        }

        var main = StreamChoice.Main(streams) ?? throw new OnvifCallException($"ONVIF device {deviceAddress} has no media profile with video");
        return new CameraListing(deviceAddress, match?.Name, match?.Hardware, streams, main, StreamChoice.Sub(streams)!)
        {
            ClockOffset = cameraTime is null ? null : clock.Offset,
            ReportedHost = host.ReportedHost,
        };
    }
}
