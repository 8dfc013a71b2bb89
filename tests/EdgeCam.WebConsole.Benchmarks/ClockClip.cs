using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EdgeCam.WebConsole.Benchmarks;

/// <summary>
/// A camera whose frames carry their own number as a bar of <see cref="Bits"/> white/black squares (bit i at
/// x = <see cref="Left"/> + i·<see cref="Pitch"/>), over ffmpeg's moving test pattern. Played in real time, frame n
/// is read at the session's start + n / <see cref="FramesPerSecond"/>, so a browser that decodes the bar knows the
/// wall-clock time the frame it shows was "taken", without OCR.
/// </summary>
internal static class ClockClip
{
    public const int Bits = 16;
    public const int FramesPerSecond = 15;
    public const int Left = 40;
    public const int Top = 40;
    public const int Size = 48;
    public const int Pitch = 64;

    public static async Task GenerateAsync(string ffmpeg, string path, TimeSpan duration)
    {
        var filter = new StringBuilder($"drawbox=x={Left - 10}:y={Top - 10}:w={(Bits * Pitch) + 4}:h={Size + 20}:color=black:t=fill");
        for (var bit = 0; bit < Bits; bit++)
        {
            filter.Append(CultureInfo.InvariantCulture, $",drawbox=x={Left + (bit * Pitch)}:y={Top}:w={Size}:h={Size}:color=white:t=fill:enable='mod(floor(n/{1 << bit}),2)'");
        }

        var info = new ProcessStartInfo(ffmpeg) { RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
            "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size=1280x720:rate={FramesPerSecond}:duration={duration.TotalSeconds}"),
            "-vf", filter.ToString(), "-c:v", "libx264", "-preset", "veryfast", "-g", (FramesPerSecond * 2).ToString(CultureInfo.InvariantCulture),
            "-pix_fmt", "yuv420p", path,
        })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not make the clock clip: {error.Trim()}");
        }
    }

    /// <summary>The script that decodes the bar of the live image each animation frame and records when a new number appears.</summary>
    public static string WatchScript => string.Create(CultureInfo.InvariantCulture, $$"""
        window.samples = [];
        const img = document.querySelector('img.live');
        const c = document.createElement('canvas');
        let last = -1;
        function read() {
          if (img.naturalWidth > 0) {
            c.width = img.naturalWidth; c.height = img.naturalHeight;
            const g = c.getContext('2d', { willReadFrequently: true });
            g.drawImage(img, 0, 0);
            let n = 0;
            for (let bit = 0; bit < {{Bits}}; bit++) {
              const p = g.getImageData({{Left}} + bit * {{Pitch}} + {{Size / 2}}, {{Top}} + {{Size / 2}}, 1, 1).data;
              if (p[0] + p[1] + p[2] > 3 * 128) n |= (1 << bit);
            }
            if (n !== last) { last = n; window.samples.push([n, Date.now()]); }
          }
          requestAnimationFrame(read);
        }
        requestAnimationFrame(read);
        """);
}
