using System.Text.RegularExpressions;
using EdgeCam.Testing;

namespace EdgeCam.Architecture.Tests;

/// <summary>
/// MQTT, GPIO and I2C come from the field's managed libraries (MQTTnet, System.Device.Gpio, Iot.Device.Bindings):
/// no product code calls a native library for them, so a module image needs no native MQTT, GPIO or I2C binding of
/// ours. The only native calls left are libc's: hard links and directory fsync in EdgeCam.Edge's DurableFile, which the
/// three journals (CameraCapture, SegmentRecorder, BlobBuffer) share, and EventRouter's read-only adjtimex(2) for the clock
/// synchronisation alert (Health/KernelClockStatus).
/// </summary>
public sealed partial class NativeImportTests
{
    [Fact]
    public void ProductCode_NativeImports_OnlyLibc()
    {
        var root = RequiredTool.RepositoryRoot();
        var imports = new[] { "modules", "device" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !SourceFiles.IsBuildOutput(f) && !f.Contains("node_modules", StringComparison.Ordinal))
            .SelectMany(f => ImportPattern().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(root, f), Library: m.Groups[2].Value)))
            .ToList();

        Assert.All(imports, i => Assert.True(i.Library == "\"libc\"", $"{i.File} imports {i.Library}"));
    }

    [GeneratedRegex(@"\[(DllImport|LibraryImport)\(\s*([^,\)]+)")]
    private static partial Regex ImportPattern();
}
