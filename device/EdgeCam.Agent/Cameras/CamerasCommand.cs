using System.Globalization;
using System.Text.Json;
using EdgeCam.Agent.Cli;
using EdgeCam.Edge.Deployment;
using EdgeCam.Media.Capture;
using EdgeCam.Onvif;
using EdgeCam.Onvif.Discovery;
using EdgeCam.Onvif.Soap;

namespace EdgeCam.Agent.Cameras;

/// <summary>
/// <c>edgecam-agent cameras discover|add|list|remove</c>: finds ONVIF cameras (WS-Discovery, then their profiles and
/// stream URIs), adds one to the agent's camera list in one step (main stream recorded, sub stream watched for motion),
/// lists them and removes one by its id.
/// The last discovery is kept in <c>&lt;data&gt;/discovered.json</c> so <c>add 2</c> means the second camera listed.
/// </summary>
public sealed class CamerasCommand
{
    /// <summary>The last discovery's device addresses, in the order listed.</summary>
    public const string DiscoveredFileName = "discovered.json";

    private readonly CamerasOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly HttpClient _http;

    public CamerasCommand(CamerasOptions options, TextWriter output, TextWriter error, HttpClient http)
    {
        _options = options;
        _out = output;
        _error = error;
        _http = http;
    }

    private string CamerasPath => Path.Combine(_options.DataDirectory, CameraList.FileName);

    private OnvifCredentials Credentials => _options.User is { } user ? new OnvifCredentials(user, _options.Password!) : OnvifCredentials.None;

    /// <summary>Runs the verb; returns an <see cref="ExitCodes"/> value.</summary>
    public Task<int> RunAsync(CancellationToken cancellationToken) => _options.Verb switch
    {
        "discover" => DiscoverAsync(cancellationToken),
        "add" => AddAsync(cancellationToken),
        "remove" => RemoveAsync(),
        _ => ListAsync(),
    };

    private async Task<int> DiscoverAsync(CancellationToken cancellationToken)
    {
        var matches = await new WsDiscoveryProbe(_options.ProbeTarget, _options.ListenTime).ProbeAsync(cancellationToken);
        await _out.WriteLineAsync($"{matches.Count} ONVIF camera(s) answered a probe to {_options.ProbeTarget} within {_options.ListenTime.TotalSeconds:0.#} s");
        var reader = new CameraReader(_http, TimeProvider.System);
        for (var i = 0; i < matches.Count; i++)
        {
            var match = matches[i];
            await _out.WriteLineAsync($"{i + 1}. {match.Name ?? "(no name)"} [{match.Hardware ?? "unknown hardware"}] {match.XAddrs[0]}");
            try
            {
                var listing = await reader.ReadAsync(match.XAddrs[0], Credentials, match, cancellationToken);
                await _out.WriteLineAsync(Describe("main", listing.Main));
                await _out.WriteLineAsync(Describe("sub", listing.Sub));
                foreach (var note in Notes(listing))
                {
                    await _out.WriteLineAsync(note);
                }
            }
            catch (OnvifCallException ex)
            {
                await _out.WriteLineAsync($"   streams not read: {ex.Message}");
            }
        }

        Directory.CreateDirectory(_options.DataDirectory);
        await File.WriteAllTextAsync(
            Path.Combine(_options.DataDirectory, DiscoveredFileName),
            JsonSerializer.Serialize(matches.Select(m => new DiscoveredCamera(m.XAddrs[0].AbsoluteUri, m.Name, m.Hardware)).ToList(), DiscoveredJson.Default.ListDiscoveredCamera),
            cancellationToken);
        if (matches.Count > 0)
        {
            await _out.WriteLineAsync("add one with: edgecam-agent cameras add <number> [--id ID] [--user U --password-env VAR]");
        }

        return ExitCodes.Success;
    }

    private async Task<int> AddAsync(CancellationToken cancellationToken)
    {
        var (address, name, hardware) = await ResolveTargetAsync(cancellationToken);
        if (address is null)
        {
            return ExitCodes.BadInput;
        }

        CameraListing listing;
        try
        {
            listing = await new CameraReader(_http, TimeProvider.System).ReadAsync(address, Credentials, null, cancellationToken);
        }
        catch (OnvifCallException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Incomplete;
        }

        List<CameraEntry> cameras;
        try
        {
            cameras = [.. CameraList.Read(CamerasPath)];
        }
        catch (DeploymentTemplateException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }

        var id = _options.CameraId ?? IdFrom(name, cameras.Count + 1);
        var main = WithCredentials(listing.Main.StreamUri);
        var sub = listing.Sub.StreamUri == listing.Main.StreamUri ? null : WithCredentials(listing.Sub.StreamUri);
        var entry = new CameraEntry(id, main, sub);
        var problem = entry.Problem()
            ?? (cameras.Any(c => CameraModules.ModuleName(c.Id) == CameraModules.ModuleName(id)) ? $"camera id '{id}' is taken in {CamerasPath} (choose another with --id)" : null);
        if (problem is not null)
        {
            await _error.WriteLineAsync($"error: {problem}");
            return ExitCodes.BadInput;
        }

        cameras.Add(entry);
        CameraList.Write(CamerasPath, cameras);
        await _out.WriteLineAsync($"added camera '{id}' ({name ?? listing.DeviceAddress.Host}{(hardware is null ? "" : $", {hardware}")}) to {CamerasPath}");
        await _out.WriteLineAsync($"   record {listing.Main.Profile.Width}x{listing.Main.Profile.Height}: {CaptureSource.Mask(main)}");
        await _out.WriteLineAsync(sub is null ? "   detect on the same stream (the camera has one profile)" : $"   detect {listing.Sub.Profile.Width}x{listing.Sub.Profile.Height}: {CaptureSource.Mask(sub)}");
        foreach (var note in Notes(listing))
        {
            await _out.WriteLineAsync(note);
        }

        await _out.WriteLineAsync($"the agent runs it as module {CameraModules.ModuleName(id)} from its next start");
        return ExitCodes.Success;
    }

    private async Task<int> ListAsync()
    {
        try
        {
            var cameras = CameraList.Read(CamerasPath);
            await _out.WriteLineAsync(cameras.Count == 0 ? $"no cameras in {CamerasPath}: the agent runs the template's CameraCapture" : $"{cameras.Count} camera(s) in {CamerasPath}");
            foreach (var camera in cameras)
            {
                await _out.WriteLineAsync(camera.SubStream is { } sub
                    ? $"{camera.Id} ({CameraModules.ModuleName(camera.Id)}): record {CaptureSource.Mask(camera.Source)}; motion on its sub stream {CaptureSource.Mask(sub)}"
                    : $"{camera.Id} ({CameraModules.ModuleName(camera.Id)}): record {CaptureSource.Mask(camera.Source)}; motion on the same stream (no sub stream)");
            }

            return ExitCodes.Success;
        }
        catch (DeploymentTemplateException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    private async Task<int> RemoveAsync()
    {
        List<CameraEntry> cameras;
        try
        {
            cameras = [.. CameraList.Read(CamerasPath)];
        }
        catch (DeploymentTemplateException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }

        var id = _options.Target!;
        var index = cameras.FindIndex(c => c.Id == id);
        if (index < 0)
        {
            await _error.WriteLineAsync(cameras.Count == 0
                ? $"error: no camera '{id}' in {CamerasPath}: it lists no cameras"
                : $"error: no camera '{id}' in {CamerasPath} (it lists {string.Join(", ", cameras.Select(c => $"'{c.Id}'"))})");
            return ExitCodes.BadInput;
        }

        cameras.RemoveAt(index);
        CameraList.Write(CamerasPath, cameras);
        await _out.WriteLineAsync($"removed camera '{id}' (module {CameraModules.ModuleName(id)}) from {CamerasPath}");
        await _out.WriteLineAsync(cameras.Count == 0
            ? "no cameras left: the agent runs the template's CameraCapture from its next start"
            : $"the agent runs {cameras.Count} camera(s) from its next start");
        return ExitCodes.Success;
    }

    private async Task<(Uri? Address, string? Name, string? Hardware)> ResolveTargetAsync(CancellationToken cancellationToken)
    {
        var target = _options.Target!;
        if (Uri.TryCreate(target, UriKind.Absolute, out var address) && address.Scheme is "http" or "https")
        {
            return (address, null, null);
        }

        if (!int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            await _error.WriteLineAsync($"error: '{target}' is neither a device address (http://…/onvif/device_service) nor a number from cameras discover");
            return (null, null, null);
        }

        var discoveredPath = Path.Combine(_options.DataDirectory, DiscoveredFileName);
        var discovered = File.Exists(discoveredPath)
            ? JsonSerializer.Deserialize(await File.ReadAllTextAsync(discoveredPath, cancellationToken), DiscoveredJson.Default.ListDiscoveredCamera) ?? []
            : [];
        if (number > discovered.Count)
        {
            await _error.WriteLineAsync($"error: camera {number} is not in the last discovery ({discovered.Count} listed in {discoveredPath}); run cameras discover first");
            return (null, null, null);
        }

        var camera = discovered[number - 1];
        return (new Uri(camera.Address), camera.Name, camera.Hardware);
    }

    // The device gives stream URIs without credentials; RTSP needs them, so the ONVIF user is written into the URL
    // (cameras.json is owner-only; every line printed or logged masks the password).
    private string WithCredentials(Uri stream)
    {
        if (_options.User is not { } user || !string.IsNullOrEmpty(stream.UserInfo))
        {
            return stream.OriginalString;
        }

        return new UriBuilder(stream) { UserName = Uri.EscapeDataString(user), Password = Uri.EscapeDataString(_options.Password!) }.Uri.AbsoluteUri;
    }

    private static string IdFrom(string? name, int number)
    {
        var id = new string((name ?? string.Empty).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return id.Length is > 0 and <= 64 ? id : string.Create(CultureInfo.InvariantCulture, $"camera{number}");
    }

    /// <summary>What the owner should fix on the camera: a clock a minute or more off, a wrong address in its settings.</summary>
    private static IEnumerable<string> Notes(CameraListing listing)
    {
        if (listing.ReportedHost is { } reported)
        {
            yield return $"   note: the camera reports its services on {reported}; reached at {listing.DeviceAddress.Host} instead";
        }

        if (listing.ClockOffset is { } offset && offset.Duration() >= TimeSpan.FromMinutes(1))
        {
            var size = offset.Duration();
            var text = size >= TimeSpan.FromDays(2) ? string.Create(CultureInfo.InvariantCulture, $"{size.TotalDays:N0} days")
                : size >= TimeSpan.FromHours(1) ? string.Create(CultureInfo.InvariantCulture, $"{(int)size.TotalHours} h {size.Minutes} min")
                : string.Create(CultureInfo.InvariantCulture, $"{size.Minutes} min");
            yield return $"   note: the camera's clock is {text} {(offset > TimeSpan.Zero ? "ahead of" : "behind")} this device; set its time (NTP) so its overlay and events agree";
        }
    }

    private static string Describe(string role, Onvif.Media.ProfileStream stream) =>
        $"   {role,-4} {stream.Profile.Width}x{stream.Profile.Height} {stream.Profile.Encoding} profile '{stream.Profile.Token}': {CaptureSource.Mask(stream.StreamUri.OriginalString)}";
}
