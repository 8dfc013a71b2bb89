using EdgeCam.Testing;
using EdgeCam.WebConsole.Security;

namespace EdgeCam.WebConsole.Tests.Security;

public class PasswordFileTests
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Write_Password_OwnerOnlyFileWithAHashThatVerifies()
    {
        using var dir = new TempDirectory();
        var file = new PasswordFile(dir.Combine("console", "password.hash"));

        file.Write("correct horse");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
        Assert.True(PasswordHash.Verify("correct horse", file.ReadHash()!));
        Assert.DoesNotContain("correct", File.ReadAllText(file.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadHash_NoFile_Null()
    {
        using var dir = new TempDirectory();

        Assert.Null(new PasswordFile(dir.Combine("password.hash")).ReadHash());
    }
}
