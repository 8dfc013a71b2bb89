using System.Globalization;
using EdgeCam.Testing.Network;
using EdgeCam.Testing.Processes;

namespace EdgeCam.Testing.Onvif;

/// <summary>
/// The ONVIF camera mock-up that the agsh <c>onvif</c> npm package (version 0.6.5, installed in device/tools as
/// <c>onvif-mockup</c>) ships for its own tests: a WS-Discovery responder on UDP 3702 in group 239.255.255.250, and the
/// Device and Media services answering with the XML a real camera gave (a 1920x1080 H.264 "main" profile, services
/// reported at http://192.168.68.111, a clock set to 2014). No line of it was written here; it runs on the camera side of
/// a <see cref="NamespacePair"/>, because it binds every interface and joins the multicast group.
/// </summary>
public sealed class OnvifNpmMockup : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ReadyLineProcess _process;

    private OnvifNpmMockup(ReadyLineProcess process, Uri deviceAddress)
    {
        _process = process;
        DeviceAddress = deviceAddress;
    }

    /// <summary>The device service address the mock-up announces in its ProbeMatch.</summary>
    public Uri DeviceAddress { get; }

    /// <summary>What the mock-up printed: "Discovery received", "received media GetProfiles", "serving …/GetProfiles.xml".</summary>
    public string Log => _process.Log;

    /// <summary>Starts the mock-up on the camera side of <paramref name="network"/>, HTTP on <paramref name="httpPort"/>.</summary>
    public static async Task<OnvifNpmMockup> StartAsync(NamespacePair network, int httpPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        var tools = Path.Combine(RequiredTool.RepositoryRoot(), "device", "tools");
        if (!File.Exists(Path.Combine(tools, "node_modules", "onvif-mockup", "test", "serverMockup.coffee")))
        {
            throw new InvalidOperationException($"the onvif@0.6.5 mock-up is missing from {tools}/node_modules/onvif-mockup. Run: npm ci --prefix device/tools (tests/run.sh does it through device/install-deps.sh --tests)");
        }

        var port = httpPort.ToString(CultureInfo.InvariantCulture);
        var info = network.InCamera(
            RequiredTool.OnPath("node", "nodejs"),
            Path.Combine(RequiredTool.RepositoryRoot(), "tests", "EdgeCam.Testing", "Onvif", "onvif-npm-mockup.js"),
            tools,
            network.CameraAddress.ToString(),
            port);
        info.RedirectStandardInput = true;
        info.Environment["VERBOSE"] = "true";
        try
        {
            var process = await ReadyLineProcess.StartAsync(info, line => line == "ready", StartTimeout, cancellationToken);
            return new OnvifNpmMockup(process, new Uri($"http://{network.CameraAddress}:{port}/onvif/device_service"));
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"the onvif npm mock-up {ex.Message}", ex);
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
