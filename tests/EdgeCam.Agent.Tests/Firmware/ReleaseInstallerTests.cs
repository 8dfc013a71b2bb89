using System.Formats.Tar;
using System.IO.Compression;
using EdgeCam.Agent.Firmware;
using EdgeCam.Testing;

namespace EdgeCam.Agent.Tests.Firmware;

public sealed class ReleaseInstallerTests : IDisposable
{
    private readonly TempDirectory _root = new("release-installer");

    public void Dispose() => _root.Dispose();

    private FirmwareLayout Layout => FirmwareLayout.For(_root.Combine("opt"), _root.Combine("data"));

    [Fact]
    public async Task Install_ThenSwitch_UnpacksBesideAndPointsCurrentAtomically()
    {
        Directory.CreateDirectory(Layout.ReleaseDirectory("1.0.0"));
        ReleaseSwitch.PointCurrentAt(Layout, "1.0.0");
        var package = Package("2.0.0", ("edgecam-agent.dll", "x"), ("firmware-version", "2.0.0\n"));

        var installed = await ReleaseInstaller.InstallAsync(Layout, package, "2.0.0", CancellationToken.None);
        Assert.Equal("1.0.0", Layout.CurrentVersion());
        ReleaseSwitch.PointCurrentAt(Layout, "2.0.0");

        Assert.Equal(Layout.ReleaseDirectory("2.0.0"), installed);
        Assert.Equal("x", File.ReadAllText(Path.Combine(installed, "edgecam-agent.dll")));
        Assert.Equal("2.0.0", Layout.CurrentVersion());
        Assert.Equal("releases/2.0.0", new FileInfo(Layout.Current).LinkTarget);
        Assert.False(File.Exists(Layout.Current + ".switch"));
    }

    [Theory]
    [InlineData("2.0.1", "package is release 2.0.1, the twin asked for 2.0.0")]
    [InlineData(null, "package has no firmware-version file")]
    public async Task Install_PackageOfAnotherVersion_IsRefusedAndLeavesNothing(string? stamped, string expected)
    {
        var package = stamped is null ? Package("p", ("edgecam-agent.dll", "x")) : Package("p", ("edgecam-agent.dll", "x"), ("firmware-version", stamped));

        var error = await Assert.ThrowsAsync<FirmwarePackageException>(() => ReleaseInstaller.InstallAsync(Layout, package, "2.0.0", CancellationToken.None));

        Assert.Equal(expected, error.Message);
        Assert.True(error.Refused);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Layout.Releases));
    }

    [Fact]
    public async Task Install_EntryEscapingTheDirectory_IsRefused()
    {
        var package = Package("evil", ("firmware-version", "2.0.0"), ("edgecam-agent.dll", "x"), ("../../escaped", "x"));

        var error = await Assert.ThrowsAsync<FirmwarePackageException>(() => ReleaseInstaller.InstallAsync(Layout, package, "2.0.0", CancellationToken.None));

        Assert.StartsWith("package is not a release archive (.tar.gz):", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_root.Combine("opt", "escaped")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Layout.Releases));
    }

    private string Package(string name, params (string Path, string Text)[] files)
    {
        var path = _root.Combine(name + ".tar.gz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip);
        foreach (var (entryPath, text) in files)
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entryPath) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) });
        }

        return path;
    }
}
