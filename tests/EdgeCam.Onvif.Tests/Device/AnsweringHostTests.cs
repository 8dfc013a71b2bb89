using EdgeCam.Onvif.Device;

namespace EdgeCam.Onvif.Tests.Device;

public sealed class AnsweringHostTests
{
    private static readonly Uri Answered = new("http://10.77.0.2:10101/onvif/device_service");

    [Fact]
    public void Service_ReportedOnAnotherHost_TakesTheAnsweringHostAndPortAndKeepsThePath()
    {
        var host = new AnsweringHost(Answered);

        var service = host.Service(new Uri("http://192.168.68.111/onvif/services"));

        Assert.Equal(new Uri("http://10.77.0.2:10101/onvif/services"), service);
        Assert.Equal("192.168.68.111", host.ReportedHost);
    }

    [Fact]
    public void Service_OtherPortOfTheAnsweringHost_IsLeftAsReported()
    {
        var host = new AnsweringHost(Answered);

        var service = host.Service(new Uri("http://10.77.0.2:8899/onvif/media"));

        Assert.Equal(new Uri("http://10.77.0.2:8899/onvif/media"), service);
        Assert.Null(host.ReportedHost);
    }

    [Fact]
    public void Stream_OnTheReportedHost_TakesTheAnsweringHostAndKeepsItsRtspPort()
    {
        var host = new AnsweringHost(Answered);
        host.Service(new Uri("http://192.168.68.111/onvif/services"));

        Assert.Equal(new Uri("rtsp://10.77.0.2/h264main"), host.Stream(new Uri("rtsp://192.168.68.111/h264main")));
        Assert.Equal(new Uri("rtsp://10.77.0.2:8554/sub"), host.Stream(new Uri("rtsp://192.168.68.111:8554/sub")));
    }

    [Fact]
    public void Stream_OnAThirdHost_IsLeftAsReported()
    {
        var host = new AnsweringHost(Answered);
        host.Service(new Uri("http://192.168.68.111/onvif/services"));

        Assert.Equal(new Uri("rtsp://streams.example/cam1"), host.Stream(new Uri("rtsp://streams.example/cam1")));
    }

    [Fact]
    public void Stream_CameraReportedTheAnsweringHost_IsLeftAsReported()
    {
        var host = new AnsweringHost(Answered);
        host.Service(new Uri("http://10.77.0.2:10101/onvif/media"));

        Assert.Equal(new Uri("rtsp://10.77.0.2:554/main"), host.Stream(new Uri("rtsp://10.77.0.2:554/main")));
    }
}
