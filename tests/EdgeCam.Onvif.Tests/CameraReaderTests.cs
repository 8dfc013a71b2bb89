using EdgeCam.Onvif.Soap;
using EdgeCam.Testing.Onvif;

namespace EdgeCam.Onvif.Tests;

[Trait("Category", "Integration")]
public sealed class CameraReaderTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private static readonly OnvifTestProfile[] Profiles =
    [
        new("profile_hd", "HD", 1280, 720),
        new("profile_main", "Main", 2560, 1440),
        new("profile_sub", "Sub", 640, 360),
    ];

    [Fact]
    public async Task ReadAsync_CameraWithThreeProfiles_ListsTheSameStreamsAsTheOnvifNpmClient()
    {
        var ct = _timeout.Token;
        await using var camera = await OnvifCameraProcess.StartAsync("Yard", "X1", "admin", "s3cret", "rtsp://127.0.0.1:8554", Profiles, ct);
        using var http = new HttpClient();

        var listing = await new CameraReader(http, TimeProvider.System).ReadAsync(camera.DeviceAddress, new OnvifCredentials("admin", "s3cret"), null, ct);
        var reference = await camera.ReadWithReferenceClientAsync("admin", "s3cret", ct);

        Assert.Equal(
            reference.Select(r => $"{r.Token} {r.Width}x{r.Height} {r.Uri}"),
            listing.Streams.Select(s => $"{s.Profile.Token} {s.Profile.Width}x{s.Profile.Height} {s.StreamUri}"));
        Assert.Equal(new Uri("rtsp://127.0.0.1:8554/profile_main"), listing.Main.StreamUri);
        Assert.Equal(new Uri("rtsp://127.0.0.1:8554/profile_sub"), listing.Sub.StreamUri);
        Assert.DoesNotContain("REFUSED", camera.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_WrongPassword_ThrowsNamingTheDevicesNotAuthorizedFault()
    {
        var ct = _timeout.Token;
        await using var camera = await OnvifCameraProcess.StartAsync("Yard", "X1", "admin", "s3cret", "rtsp://127.0.0.1:8554", Profiles, ct);
        using var http = new HttpClient();

        var ex = await Assert.ThrowsAsync<OnvifCallException>(() =>
            new CameraReader(http, TimeProvider.System).ReadAsync(camera.DeviceAddress, new OnvifCredentials("admin", "wrong"), null, ct));

        Assert.Contains("ter:NotAuthorized", ex.Message, StringComparison.Ordinal);
        Assert.Contains(camera.DeviceAddress.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DeviceRefusesGetCapabilities_FindsMediaThroughGetServices()
    {
        var ct = _timeout.Token;
        await using var camera = await OnvifCameraProcess.StartAsync("Yard", "X1", "admin", "s3cret", "rtsp://127.0.0.1:8554", Profiles, ct, noCapabilities: true);
        using var http = new HttpClient();

        var listing = await new CameraReader(http, TimeProvider.System).ReadAsync(camera.DeviceAddress, new OnvifCredentials("admin", "s3cret"), null, ct);

        Assert.Equal(3, listing.Streams.Count);
        Assert.Contains("GetServices authorised", camera.Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(-26.5)]
    public async Task ReadAsync_CameraClockHoursOff_DatesTheTokenOnTheCameraClockAndIsAuthorised(double skewHours)
    {
        var ct = _timeout.Token;
        var skew = TimeSpan.FromHours(skewHours);
        await using var camera = await OnvifCameraProcess.StartAsync("Yard", "X1", "admin", "s3cret", "rtsp://127.0.0.1:8554", Profiles, ct, clockSkew: skew);
        using var http = new HttpClient();

        var listing = await new CameraReader(http, TimeProvider.System).ReadAsync(camera.DeviceAddress, new OnvifCredentials("admin", "s3cret"), null, ct);

        Assert.Equal(3, listing.Streams.Count);
        Assert.DoesNotContain("REFUSED", camera.Log, StringComparison.Ordinal);
        Assert.NotNull(listing.ClockOffset);
        Assert.InRange(listing.ClockOffset.Value, skew - TimeSpan.FromSeconds(5), skew + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ReadAsync_CameraOnItsOwnAddress_ReportsNoOtherHost()
    {
        var ct = _timeout.Token;
        await using var camera = await OnvifCameraProcess.StartAsync("Yard", "X1", "admin", "s3cret", "rtsp://127.0.0.1:8554", Profiles, ct);
        using var http = new HttpClient();

        var listing = await new CameraReader(http, TimeProvider.System).ReadAsync(camera.DeviceAddress, new OnvifCredentials("admin", "s3cret"), null, ct);

        Assert.Null(listing.ReportedHost);
        Assert.InRange(listing.ClockOffset!.Value, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(5));
    }

    public void Dispose() => _timeout.Dispose();
}
