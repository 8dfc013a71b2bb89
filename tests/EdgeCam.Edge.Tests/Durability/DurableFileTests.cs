using EdgeCam.Edge.Durability;
using EdgeCam.Testing;

namespace EdgeCam.Edge.Tests.Durability;

[Trait("Category", "Unit")]
public sealed class DurableFileTests
{
    [Fact]
    public void WriteAtomically_NewPath_WritesContentAndLeavesNoTemporaryFile()
    {
        using var temp = new TempDirectory("durable");
        var path = temp.Combine("entry.json");

        DurableFile.WriteAtomically(path, "{\"a\":1}"u8);

        Assert.Equal("{\"a\":1}", File.ReadAllText(path));
        Assert.Equal(["entry.json"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteAtomically_ExistingFileAndStaleTemporary_ReplacesBothWithTheNewContent()
    {
        using var temp = new TempDirectory("durable");
        var path = temp.Combine("entry.json");
        File.WriteAllText(path, "old content, longer than the new one");
        File.WriteAllText(path + DurableFile.TemporarySuffix, "{\"torn");

        DurableFile.WriteAtomically(path, "new"u8);

        Assert.Equal("new", File.ReadAllText(path));
        Assert.False(File.Exists(path + DurableFile.TemporarySuffix));
    }

    [Fact]
    public void Delete_ExistingThenMissing_TrueThenFalse()
    {
        using var temp = new TempDirectory("durable");
        var path = temp.Combine("entry.json");
        DurableFile.WriteAtomically(path, "x"u8);

        var first = DurableFile.Delete(path);
        var second = DurableFile.Delete(path);

        Assert.True(first);
        Assert.False(second);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void FlushDirectory_MissingDirectory_ThrowsIOExceptionNamingIt()
    {
        using var temp = new TempDirectory("durable");
        var missing = temp.Combine("missing");

        var error = Assert.Throws<IOException>(() => DurableFile.FlushDirectory(missing));

        Assert.Contains($"'{missing}'", error.Message, StringComparison.Ordinal);
    }
}
