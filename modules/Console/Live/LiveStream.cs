using System.Globalization;
using System.Net.Sockets;
using System.Text;
using EdgeCam.Contracts;
using EdgeCam.Media.Frames;
using Microsoft.AspNetCore.Http;

namespace EdgeCam.WebConsole.Live;

/// <summary>
/// A camera's live view over HTTP: the JPEGs CameraCapture relays on its live socket (<see cref="SharedVolume.LiveSocket"/>),
/// sent as <c>multipart/x-mixed-replace</c>, which an <c>img</c> element shows frame after frame. Each part ends with
/// the next boundary, so a browser shows a frame as soon as it arrived instead of when the next one starts.
/// The socket is opened only while someone watches.
/// </summary>
public sealed class LiveStream(SharedVolume volume)
{
    private const string Boundary = "edgecamframe";

    /// <summary>The cameras that have a live socket now (one per camera whose capture is running).</summary>
    public IReadOnlyList<string> Cameras()
    {
        var directory = Path.GetDirectoryName(volume.LiveSocket("x"))!;
        return Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*.sock").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>Streams <paramref name="cameraId"/> to <paramref name="context"/> until the watcher leaves or the camera stops.</summary>
    public async Task ServeAsync(HttpContext context, string cameraId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string socketPath;
        try
        {
            socketPath = volume.LiveSocket(cameraId);
        }
        catch (ArgumentException)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
        }
        catch (SocketException)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"camera '{cameraId}' has no live view now (its capture is not running).", cancellationToken);
            return;
        }

        context.Response.ContentType = $"multipart/x-mixed-replace; boundary={Boundary}";
        context.Response.Headers.CacheControl = "no-store";
        var body = context.Response.Body;
        await body.WriteAsync(Encoding.ASCII.GetBytes($"--{Boundary}\r\n"), cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = new MultipartJpegReader(stream);
        try
        {
            while (await reader.ReadAsync(cancellationToken) is { } jpeg)
            {
                await body.WriteAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\n\r\n")), cancellationToken);
                await body.WriteAsync(jpeg, cancellationToken);
                await body.WriteAsync(Encoding.ASCII.GetBytes($"\r\n--{Boundary}\r\n"), cancellationToken);
                await body.FlushAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or OperationCanceledException)
        {
            // The watcher closed the page, the camera stopped, or the console stops.
        }
    }
}
