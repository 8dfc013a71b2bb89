namespace EdgeCam.Onvif.Media;

/// <summary>A profile with the RTSP address of its stream (GetStreamUri, RTP-Unicast over RTSP).</summary>
public sealed record ProfileStream(MediaProfile Profile, Uri StreamUri);
