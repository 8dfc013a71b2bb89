using System.Runtime.InteropServices;

namespace EdgeCam.EventRouter.Health;

/// <summary>
/// The kernel's own view of clock synchronisation, read with adjtimex(2) in read-only mode (<c>modes = 0</c>): the call
/// returns the clock state, and <c>TIME_ERROR</c> (5) means the clock is not synchronised (STA_UNSYNC or STA_CLOCKERR set:
/// no NTP/chrony/systemd-timesyncd has disciplined it, or it lost sync). A read needs no capability, so it works inside a
/// container, where the clock is the host's. The only native call of EventRouter; elsewhere (not Linux) the status is unknown.
/// </summary>
public sealed partial class KernelClockStatus : IClockStatus
{
    private const int TimeError = 5;

    // struct timex is 208 bytes on 64-bit Linux and smaller on 32-bit; a zeroed buffer larger than either reads safely
    // without depending on the layout, since only the return value is used.
    private const int TimexBufferBytes = 512;

    public bool? IsSynchronised()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var timex = new byte[TimexBufferBytes];
        var state = Adjtimex(timex);
        return state < 0 ? null : state != TimeError;
    }

    [LibraryImport("libc", EntryPoint = "adjtimex", SetLastError = true)]
    private static partial int Adjtimex(byte[] timex);
}
