using EdgeCam.WebConsole.Security;

namespace EdgeCam.WebConsole.Tests.Security;

public class PasswordHashTests
{
    // Fewer iterations than the product's: the scheme is the same, the test stays fast.
    private const int TestIterations = 1000;

    [Fact]
    public void Verify_ThePassword_True()
    {
        var stored = PasswordHash.Create("correct horse", TestIterations);

        Assert.True(PasswordHash.Verify("correct horse", stored));
    }

    [Fact]
    public void Verify_AnotherPassword_False()
    {
        var stored = PasswordHash.Create("correct horse", TestIterations);

        Assert.False(PasswordHash.Verify("correct hors", stored));
    }

    [Fact]
    public void Create_SamePasswordTwice_SaltsDiffer()
    {
        Assert.NotEqual(PasswordHash.Create("correct horse", TestIterations), PasswordHash.Create("correct horse", TestIterations));
    }

    [Fact]
    public void Create_Stored_HoldsNoPassword()
    {
        var stored = PasswordHash.Create("correct horse", TestIterations);

        Assert.StartsWith("pbkdf2-sha256$1000$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("correct", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ShortPassword_ThrowsNamingTheMinimum()
    {
        var ex = Assert.Throws<ArgumentException>(() => PasswordHash.Create("short", TestIterations));

        Assert.Contains("at least 8 characters", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64!$AAAA")]
    public void Verify_NotAHash_ThrowsFormatException(string stored)
    {
        Assert.Throws<FormatException>(() => PasswordHash.Verify("whatever1", stored));
    }
}
