using EdgeCam.Media.Segments;
using EdgeCam.Testing;

namespace EdgeCam.Media.Tests.Segments;

[Trait("Category", "Unit")]
public sealed class SegmentListReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("seglist");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadNew_MissingFile_ReturnsNothing()
    {
        var reader = new SegmentListReader(_dir.Combine("segments.csv"));

        var read = reader.ReadNew();

        Assert.Empty(read.Entries);
        Assert.Empty(read.Warnings);
    }

    [Fact]
    public void ReadNew_AppendedLines_ReturnsOnlyNewEntries()
    {
        var path = _dir.Combine("segments.csv");
        File.WriteAllText(path, "seg_000001.ts,0.000000,2.000000\n");
        var reader = new SegmentListReader(path);
        var first = reader.ReadNew();

        File.AppendAllText(path, "seg_000002.ts,2.000000,4.000000\nseg_000003.ts,4.000000,6.000000\n");
        var second = reader.ReadNew();
        var third = reader.ReadNew();

        Assert.Equal([new SegmentListEntry("seg_000001.ts", 0, 2)], first.Entries);
        Assert.Equal(["seg_000002.ts", "seg_000003.ts"], second.Entries.Select(e => e.FileName));
        Assert.Equal(4.0, second.Entries[1].StartSeconds);
        Assert.Empty(third.Entries);
    }

    [Fact]
    public void ReadNew_PartialLastLine_KeepsItUntilTheNewlineArrives()
    {
        var path = _dir.Combine("segments.csv");
        File.WriteAllText(path, "seg_000001.ts,0.000000,2.000000\nseg_000002.ts,2.0000");
        var reader = new SegmentListReader(path);

        var first = reader.ReadNew();
        File.AppendAllText(path, "00,4.000000\n");
        var second = reader.ReadNew();

        Assert.Single(first.Entries);
        Assert.Empty(first.Warnings);
        Assert.Equal([new SegmentListEntry("seg_000002.ts", 2, 4)], second.Entries);
        Assert.Empty(second.Warnings);
    }

    [Fact]
    public void ReadNew_CorruptLine_SkipsItWithWarningNamingFileAndLine()
    {
        var path = _dir.Combine("segments.csv");
        File.WriteAllText(path, "seg_000001.ts,0.000000,2.000000\nseg_000002.ts,2.0\u0000\u0000garbage\nseg_000003.ts,4.000000,6.000000\n");
        var reader = new SegmentListReader(path);

        var read = reader.ReadNew();

        Assert.Equal(["seg_000001.ts", "seg_000003.ts"], read.Entries.Select(e => e.FileName));
        var warning = Assert.Single(read.Warnings);
        Assert.Contains(path, warning, StringComparison.Ordinal);
        Assert.Contains("line 2", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNew_FinalWithTruncatedLastLine_WarnsThatTheWriterStopped()
    {
        var path = _dir.Combine("segments.csv");
        File.WriteAllText(path, "seg_000001.ts,0.000000,2.000000\nseg_000002.ts,2.00");
        var reader = new SegmentListReader(path);

        var read = reader.ReadNew(final: true);

        Assert.Single(read.Entries);
        var warning = Assert.Single(read.Warnings);
        Assert.Contains("line 2", warning, StringComparison.Ordinal);
        Assert.Contains("no newline", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seg_000001.ts,0.000000,2.000000", true)]
    [InlineData("\"odd,name.ts\",1.5,3.5", true)]
    [InlineData("../escape.ts,0,2", false)]
    [InlineData("seg.ts,4,2", false)]
    [InlineData("seg.ts,-1,2", false)]
    [InlineData("seg.ts,2", false)]
    [InlineData("seg.ts,NaN,2", false)]
    public void TryParse_Line_AcceptsOnlyWellFormedEntries(string line, bool expected)
    {
        var ok = SegmentListReader.TryParse(line, out _);

        Assert.Equal(expected, ok);
    }
}
