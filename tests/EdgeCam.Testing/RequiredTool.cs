namespace EdgeCam.Testing;

/// <summary>
/// Tests that need a real component call this first: when the component is missing the test fails with a message
/// that says how to install it (never a silent skip).
/// </summary>
public static class RequiredTool
{
    private static readonly string InstallHint = "Run device/install-deps.sh (or tests/run.sh, which calls it).";

    /// <summary>Returns the absolute path of <paramref name="executable"/> on PATH, or fails the test.</summary>
    public static string OnPath(string executable, string aptPackage)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{executable}' is not installed. Install it with: sudo apt-get install -y {aptPackage}. {InstallHint}");
    }

    /// <summary>ffmpeg, or fails the test.</summary>
    public static string Ffmpeg() => OnPath("ffmpeg", "ffmpeg");

    /// <summary>ffprobe, or fails the test.</summary>
    public static string Ffprobe() => OnPath("ffprobe", "ffmpeg");

    /// <summary>The mosquitto broker (in /usr/sbin, which is not on every user's PATH), or fails the test.</summary>
    public static string Mosquitto()
    {
        const string Sbin = "/usr/sbin/mosquitto";
        return File.Exists(Sbin) ? Sbin : OnPath("mosquitto", "mosquitto");
    }

    /// <summary>mosquitto_pub, or fails the test.</summary>
    public static string MosquittoPub() => OnPath("mosquitto_pub", "mosquitto-clients");

    /// <summary>mosquitto_passwd (ships with the broker), or fails the test.</summary>
    public static string MosquittoPasswd() => OnPath("mosquitto_passwd", "mosquitto");

    /// <summary>openssl (test certificates), or fails the test.</summary>
    public static string Openssl() => OnPath("openssl", "openssl");

    /// <summary>The repository root (the folder holding EdgeCam.sln).</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "EdgeCam.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("EdgeCam.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The project-local Azurite blob server script, or fails the test.</summary>
    public static string AzuriteBlob()
    {
        var path = System.IO.Path.Combine(RepositoryRoot(), "device", "tools", "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Azurite is not installed ({path} is missing). Install it with: (cd device/tools && npm ci). {InstallHint}");
        }

        return path;
    }
}
