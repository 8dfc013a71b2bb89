using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeCam.Edge.Volumes;
using EdgeCam.WebConsole.Health;
using EdgeCam.WebConsole.Settings;
using EdgeCam.WebConsole.Timeline;
using static EdgeCam.WebConsole.Web.Html;

namespace EdgeCam.WebConsole.Web;

/// <summary>
/// The console's pages, rendered on the server (no script but the live view's frame counter). Every form carries its
/// antiforgery token (<see cref="FormToken"/>); <c>signOut</c> is the sign-out form's, null when nobody is signed in.
/// </summary>
internal static class Pages
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Live(IReadOnlyList<string> cameras, FormToken? signOut)
    {
        var body = new StringBuilder();
        if (cameras.Count == 0)
        {
            body.Append("<p id=\"no-cameras\">No camera is capturing now.</p>");
        }

        foreach (var camera in cameras)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <div class="cam"><h2>{E(camera)}</h2><img class="live" data-camera="{E(camera)}" src="/live/{U(camera)}.mjpeg" alt="{E(camera)} live"></div>
                """);
        }

        return Page("Live", body.ToString(), signOut);
    }

    public static string Events(IReadOnlyList<TimelineEvent> events, FormToken? signOut)
    {
        var body = new StringBuilder();
        if (events.Count == 0)
        {
            body.Append("<p id=\"no-events\">No event since the console started.</p>");
        }
        else
        {
            body.Append("<table id=\"timeline\"><tr><th>Start</th><th>Camera</th><th>Length</th><th>Score</th><th>Snapshot</th><th>Clips</th></tr>");
            foreach (var e in events)
            {
                var length = e.End is { } end ? ((end - e.Start).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s") : "open";
                body.Append(CultureInfo.InvariantCulture, $"""
                    <tr class="event" data-event="{E(e.EventId)}"><td><a href="/events/{U(e.EventId)}">{Time(e.Start)}</a></td><td>{E(e.CameraId)}</td><td>{length}</td><td>{e.Score.ToString("0.000", CultureInfo.InvariantCulture)}</td>
                    <td>{(e.SnapshotPath is { } s ? $"<img class=\"thumb\" src=\"/media/{E(s)}\" alt=\"snapshot\">" : "—")}</td><td>{e.Clips.Count}</td></tr>
                    """);
            }

            body.Append("</table>");
        }

        return Page("Events", body.ToString(), signOut);
    }

    public static string Event(TimelineEvent e, FormToken? signOut)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p>{E(e.CameraId)}, {Time(e.Start)} to {Time(e.End)}, score {e.Score.ToString("0.000", CultureInfo.InvariantCulture)}{(e.Zones.Count > 0 ? ", zones " + E(string.Join(", ", e.Zones)) : string.Empty)}</p>");
        if (e.AlertText is { } alert)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>Alert: {E(alert)}</p>");
        }

        if (e.SnapshotPath is { } snapshot)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p><img id=\"snapshot\" src=\"/media/{E(snapshot)}\" alt=\"snapshot\" style=\"max-width:640px\"></p>");
        }

        foreach (var clip in e.Clips)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <h2>Clip part {clip.Part} ({Megabytes(clip.SizeBytes)})</h2>
                <video class="clip" controls muted preload="metadata" src="/media/{E(clip.ClipPath)}"></video>
                <p>On the device: {E(clip.ClipPath)}. {ClipStorage(clip)}</p>
                """);
        }

        if (e.Clips.Count == 0)
        {
            body.Append("<p>No clip yet.</p>");
        }

        return Page($"Event {e.EventId}", body.ToString(), signOut);
    }

    public static string HealthPage(HealthSnapshot health, VolumeSpace? disk, string volume, FormToken? signOut)
    {
        var body = new StringBuilder("<h2>Cameras</h2><table id=\"cameras\"><tr><th>Camera</th><th>State</th><th>Frames</th><th>Dropped</th><th>Since</th><th>IR</th><th>Error</th></tr>");
        foreach (var c in health.Cameras)
        {
            var ir = health.NightVision.FirstOrDefault(n => n.CameraId == c.CameraId);
            body.Append(CultureInfo.InvariantCulture, $"""
                <tr><td>{E(c.CameraId)}</td><td class="camera-state">{E(Json(c.State))}</td><td class="frames-analysed">{c.FramesAnalysed}</td><td class="frames-dropped">{c.FramesDropped}</td><td>{Time(c.Time)}</td>
                <td>{(ir is null ? "—" : $"{E(Json(ir.Mode))} since {Time(ir.Since)} ({E(ir.Source)})")}</td><td class="bad">{E(c.Error)}</td></tr>
                """);
        }

        body.Append("</table><h2>Upload buffer</h2><table id=\"buffers\"><tr><th>Buffer</th><th>Waiting</th><th>Size</th><th>Uploading</th><th>Oldest waiting since</th><th>Last upload</th></tr>");
        foreach (var b in health.Buffers)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(b.Buffer)}</td><td class=\"backlog\">{b.PendingCount}</td><td>{Megabytes(b.PendingBytes)}</td><td>{(b.Uploading ? "yes" : "no")}</td><td>{Time(b.OldestPendingSince)}</td><td>{Time(b.LastUploadAt)}</td></tr>");
        }

        body.Append("</table>");
        body.Append(CultureInfo.InvariantCulture, $"<p id=\"last-upload\">Last upload: {(health.LastUpload is { } u ? $"{Time(u.UploadedAt)}, {E(u.BlobName)} to {E(u.Target)}" : "none since the console started")}</p>");
        body.Append(CultureInfo.InvariantCulture, $"<h2>Disk</h2><p id=\"disk\">{E(volume)}: {(disk is null ? "unknown" : $"{Megabytes(disk.FreeBytes)} free of {Megabytes(disk.TotalBytes)}")}");
        if (health.Storage is { } s)
        {
            body.Append(CultureInfo.InvariantCulture, $"; recorder: {E(Json(s.State))}, floor {Megabytes(s.FloorBytes)} ({Time(s.Time)})");
        }

        body.Append("</p>");
        return Page("Health", body.ToString(), signOut);
    }

    public static string SettingsPage(ITwinView? twins, IReadOnlyList<(string Name, string Value)> console, FormToken? signOut)
    {
        var body = new StringBuilder("<h2>Console</h2><table id=\"console-settings\">");
        foreach (var (name, value) in console)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>");
        }

        body.Append("</table>");
        if (twins is null)
        {
            body.Append("<p>The modules' twins are not visible from this container: see them in IoT Hub (the agent's console shows them here).</p>");
            return Page("Settings", body.ToString(), signOut);
        }

        foreach (var module in twins.ModuleIds)
        {
            var desired = twins.Desired(module);
            var reported = twins.Reported(module);
            var status = reported["lastDesiredStatus"] as System.Text.Json.Nodes.JsonObject;
            var code = status?["code"]?.ToString();
            var version = desired["$version"]?.ToString();
            var statusText = status is null
                ? "<span class=\"bad\">no answer to the desired properties yet</span>"
                : $"<span class=\"{(code == "200" ? "ok" : "bad")}\">{E(code)} {E(status["description"]?.ToString())}</span> (desired version {E(status["version"]?.ToString())}{(version is null ? string.Empty : $", latest {E(version)}")})";
            body.Append(CultureInfo.InvariantCulture, $"""
                <h2 class="module">{E(module)}</h2><p class="twin-status">Twin status: {statusText}</p>
                <details><summary>Desired (in force when the status is 200)</summary><pre>{E(SecretMask.Apply(desired)?.ToJsonString(Indented))}</pre></details>
                <details><summary>Reported</summary><pre>{E(SecretMask.Apply(reported)?.ToJsonString(Indented))}</pre></details>
                """);
        }

        return Page("Settings", body.ToString(), signOut);
    }

    public static string Login(string? problem, FormToken form) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Sign in · EdgeCam</title></head>
        <body style="font-family:system-ui,sans-serif;background:#111;color:#ddd;padding:2em">
        <h1>EdgeCam console</h1>
        {(problem is null ? string.Empty : $"<p id=\"login-error\" style=\"color:#f88\">{E(problem)}</p>")}
        <form method="post" action="/login">{form.Field()}<label>Password <input id="password" name="password" type="password" autofocus></label>
        <button id="sign-in" type="submit">Sign in</button></form></body></html>
        """;

    private static string ClipStorage(TimelineClip clip) => clip switch
    {
        { ReadLink: { } link } => $"Uploaded as {E(clip.BlobName)}: <a class=\"storage-link\" href=\"{E(link.Url)}\">play from storage</a> (link valid until {Time(link.ExpiresAt)}).",
        { BlobName: { } blob } => $"Uploaded as {E(blob)} (no read link: the storage credential cannot make one).",
        _ => "Not uploaded yet.",
    };

    private static string Json<T>(T value) => JsonNamingPolicy.CamelCase.ConvertName(value?.ToString() ?? string.Empty);
}
