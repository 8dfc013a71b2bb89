using OpenQA.Selenium;

namespace EdgeCam.WebConsole.Tests.Web;

/// <summary>The console's pages in headless Chromium, beside a running synthetic pipeline (no password: loopback).</summary>
[Collection(PipelineCollection.Name)]
public class ConsoleBrowserTests(PipelineRig rig)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    // A hash of the live image drawn small on a canvas; null before the first frame arrived.
    private const string LiveFrameHash = """
        const img = document.querySelector('img.live');
        if (!img || img.naturalWidth === 0) return null;
        const c = document.createElement('canvas'); c.width = 64; c.height = 36;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0, 64, 36);
        const d = g.getImageData(0, 0, 64, 36).data; let h = 0;
        for (let i = 0; i < d.length; i++) { h = (h * 31 + d[i]) | 0; }
        return String(h);
        """;

    private OpenQA.Selenium.Chrome.ChromeDriver Driver => rig.Driver;

    [Fact]
    public async Task LivePage_CameraCapturing_FramesAdvance()
    {
        Driver.Navigate().GoToUrl($"{rig.BaseUrl}/live");
        string? first = null;
        await Browser.UntilAsync(() => (first = Hash()) is not null, "the live image shows its first frame", Bound);
        Browser.Screenshot(Driver, "live");

        await Browser.UntilAsync(() => Hash() is { } next && next != first, "the live image shows a different frame", Bound);
        Assert.Equal(PipelineRig.CameraId, Driver.FindElement(By.CssSelector("img.live")).GetAttribute("data-camera"));
        string? Hash() => Driver.ExecuteScript(LiveFrameHash) as string;
    }

    [Fact]
    public async Task EventsPage_SyntheticRun_ListsItsEventsWithSnapshots()
    {
        // The events cut so far (the pipeline goes on: the page may list newer ones too); the console takes each
        // message a moment after the hub routed it, so the page is reloaded until it caught up.
        var cut = rig.EventsWithClips.ToHashSet();
        List<string> listed = [];
        await Browser.UntilAsync(
            () =>
            {
                Driver.Navigate().GoToUrl($"{rig.BaseUrl}/events");
                listed = [.. Driver.FindElements(By.CssSelector("tr.event")).Select(r => r.GetAttribute("data-event") ?? string.Empty)];
                return cut.IsSubsetOf(listed);
            },
            $"the timeline lists every event cut so far ({string.Join(", ", cut)})",
            Bound);
        Browser.Screenshot(Driver, "events");

        Assert.All(listed, id => Assert.StartsWith($"{PipelineRig.CameraId}-", id, StringComparison.Ordinal));
        var thumbnails = Driver.FindElements(By.CssSelector("img.thumb"));
        Assert.NotEmpty(thumbnails);
        Assert.All(thumbnails, t => Assert.True(Convert.ToInt64(Driver.ExecuteScript("return arguments[0].naturalWidth;", t), System.Globalization.CultureInfo.InvariantCulture) > 0, "a snapshot thumbnail did not load"));
    }

    [Fact]
    public async Task EventPage_ClipOnDevice_Plays()
    {
        var eventId = rig.EventsWithClips.First();
        Driver.Navigate().GoToUrl($"{rig.BaseUrl}/events/{Uri.EscapeDataString(eventId)}");
        var js = Driver;
        js.ExecuteScript("const v = document.querySelector('video.clip'); v.muted = true; v.play();");

        await Browser.UntilAsync(
            () => js.ExecuteScript("const v = document.querySelector('video.clip'); return v.error ? -1 : v.currentTime;") is var t && Convert.ToDouble(t, System.Globalization.CultureInfo.InvariantCulture) is var seconds && (seconds < 0 ? throw new InvalidOperationException("the video element reports an error") : seconds > 0.5),
            "the clip's currentTime advances past 0.5 s",
            Bound);
        Browser.Screenshot(Driver, "event");
    }

    [Fact]
    public void HealthPage_Running_ShowsCameraStateAndDisk()
    {
        Driver.Navigate().GoToUrl($"{rig.BaseUrl}/health");
        Browser.Screenshot(Driver, "health");

        Assert.Equal("running", Driver.FindElement(By.CssSelector("#cameras td.camera-state")).Text);
        Assert.Contains("free of", Driver.FindElement(By.Id("disk")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthPage_CameraRunning_FramesAnalysedRise()
    {
        // CameraCapture sends its counters every 10 s while it runs (cameraFrameCounts); its state changed only once.
        var bound = TimeSpan.FromSeconds(45);
        long first = 0;
        await Browser.UntilAsync(() => (first = FramesShown()) > 0, "the health page shows frames analysed", bound);

        await Browser.UntilAsync(() => FramesShown() > first, $"the frames analysed rise past {first}", bound);

        Assert.Equal("running", Driver.FindElement(By.CssSelector("#cameras td.camera-state")).Text);
        long FramesShown()
        {
            Driver.Navigate().GoToUrl($"{rig.BaseUrl}/health");
            return long.Parse(Driver.FindElement(By.CssSelector("#cameras td.frames-analysed")).Text, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [Fact]
    public void SettingsPage_Modules_ShowTheirTwinStatus()
    {
        Driver.Navigate().GoToUrl($"{rig.BaseUrl}/settings");
        Browser.Screenshot(Driver, "settings");

        var modules = Driver.FindElements(By.CssSelector("h2.module")).Select(h => h.Text).ToList();
        Assert.Equal(["CameraCapture", "SegmentRecorder", "BlobBuffer", "EventRouter"], modules);
        Assert.All(Driver.FindElements(By.CssSelector("p.twin-status")), p => Assert.Contains("Twin status: 200", p.Text, StringComparison.Ordinal));
        Assert.Contains("no password set: loopback only", Driver.FindElement(By.Id("console-settings")).Text, StringComparison.Ordinal);
    }
}
