using EdgeCam.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace EdgeCam.WebConsole.Tests.Web;

/// <summary>
/// Headless Chromium through Selenium, with Debian's chromium and chromium-driver (device/install-deps.sh --tests):
/// the driver is named, so Selenium Manager never looks for one on the network.
/// </summary>
internal static class Browser
{
    /// <summary>Where page screenshots go (for the notes; not compared by any test).</summary>
    public static string ScreenshotDirectory => Path.Combine(RequiredTool.RepositoryRoot(), ".edgecam", "console-screenshots");

    /// <param name="arguments">More Chromium switches (for example which server key to trust over HTTPS).</param>
    public static ChromeDriver Start(params string[] arguments)
    {
        var chromium = RequiredTool.OnPath("chromium", "chromium");
        var driverPath = RequiredTool.OnPath("chromedriver", "chromium-driver");
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
            "--autoplay-policy=no-user-gesture-required", "--no-first-run", "--disable-background-networking");
        options.AddArguments(arguments);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        return driver;
    }

    /// <summary>Saves what the browser shows as <paramref name="name"/>.png.</summary>
    public static void Screenshot(IWebDriver driver, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(ScreenshotDirectory, name + ".png"));
    }

    /// <summary>Polls <paramref name="condition"/> until true; fails naming <paramref name="because"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string because, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting until {because}");
            }

            await Task.Delay(200);
        }
    }
}
