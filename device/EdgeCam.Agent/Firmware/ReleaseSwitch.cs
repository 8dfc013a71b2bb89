using System.Runtime.InteropServices;
using System.Text;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// Points <c>current</c> at a release atomically: a new symlink under a temporary name, renamed over <c>current</c>
/// (rename(2) replaces the old link in one step, so a power cut leaves the old or the new target, never none).
/// .NET's File.Move cannot do this: it refuses a source that is a link to a directory.
/// </summary>
public static partial class ReleaseSwitch
{
    /// <summary>Points <paramref name="layout"/>'s <c>current</c> at <c>releases/&lt;version&gt;</c> (a relative link).</summary>
    /// <exception cref="IOException">The rename failed (errno in the message).</exception>
    public static void PointCurrentAt(FirmwareLayout layout, string version)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var temporary = layout.Current + ".switch";
        if (File.Exists(temporary) || new FileInfo(temporary).LinkTarget is not null)
        {
            File.Delete(temporary);
        }

        File.CreateSymbolicLink(temporary, Path.Combine("releases", version));
        if (Rename(Encoding.UTF8.GetBytes(temporary + "\0"), Encoding.UTF8.GetBytes(layout.Current + "\0")) != 0)
        {
            throw new IOException($"could not point {layout.Current} at releases/{version} (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Rename(byte[] oldPath, byte[] newPath);
}
