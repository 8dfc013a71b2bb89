using System.Diagnostics;
using EdgeCam.EventRouter.Health;

namespace EdgeCam.EventRouter.Tests.Health;

public sealed class KernelClockStatusTests
{
    [Fact]
    public void IsSynchronised_OnLinux_AgreesWithAdjtimexCalledFromPython()
    {
        // An independent reader of the same kernel state: Python's ctypes calling adjtimex(2) with a zeroed buffer (read only).
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import ctypes; print(ctypes.CDLL('libc.so.6').adjtimex(ctypes.create_string_buffer(512)))");
        using var python = Process.Start(info)!;
        var state = int.Parse(python.StandardOutput.ReadToEnd().Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(python.WaitForExit(10_000));

        var synchronised = new KernelClockStatus().IsSynchronised();

        Assert.Equal(state != 5, synchronised);
    }
}
