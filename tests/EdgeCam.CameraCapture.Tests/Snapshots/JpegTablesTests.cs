using EdgeCam.CameraCapture.Snapshots.Jpeg;

namespace EdgeCam.CameraCapture.Tests.Snapshots;

/// <summary>The fixed tables of the encoder against ITU-T T.81's own definitions.</summary>
public sealed class JpegTablesTests
{
    [Theory]
    [InlineData(2, 88)]
    [InlineData(4, 75)]
    [InlineData(8, 50)]
    [InlineData(16, 25)]
    [InlineData(31, 13)]
    public void QualityFromFfmpegScale_SettingValue_DocumentedIjgQuality(int qscale, int quality) =>
        Assert.Equal(quality, QuantizationTable.QualityFromFfmpegScale(qscale));

    [Fact]
    public void Build_Quality50_IsTableK1AndQuality100_IsAllOnes()
    {
        var table = new byte[64];
        QuantizationTable.Build(50, table);
        Assert.Equal([16, 11, 10, 16, 24, 40, 51, 61], table[..8]);
        Assert.Equal([72, 92, 95, 98, 112, 100, 103, 99], table[56..]);

        QuantizationTable.Build(100, table);
        Assert.All(table, entry => Assert.Equal(1, entry));

        QuantizationTable.Build(1, table);
        Assert.All(table, entry => Assert.InRange(entry, 1, 255));
    }

    [Fact]
    public void ToNatural_ZigZag_WalksTheAntiDiagonalsAlternately()
    {
        // Figure A.6: diagonal d = u + v, odd diagonals top-right to bottom-left, even ones the other way.
        var expected = new List<int>();
        for (var d = 0; d < 15; d++)
        {
            var cells = Enumerable.Range(0, 8).Where(row => d - row is >= 0 and < 8).Select(row => (row * 8) + (d - row));
            expected.AddRange(d % 2 == 1 ? cells : cells.Reverse());
        }

        Assert.Equal(expected, ZigZag.ToNatural.ToArray().Select(b => (int)b));
    }

    [Fact]
    public void LuminanceAc_TableK5_HoldsEveryBaselineSymbolOnceWithPrefixFreeCodes()
    {
        var table = HuffmanTables.LuminanceAc;
        var symbols = new[] { 0x00, 0xF0 }.Concat(from run in Enumerable.Range(0, 16) from size in Enumerable.Range(1, 10) select (run << 4) | size);

        Assert.Equal(symbols.Order(), table.Values.Select(v => (int)v).Order());
        AssertPrefixFree(table);
    }

    [Fact]
    public void LuminanceDc_TableK3_CodesCategories0To11PrefixFree()
    {
        var table = HuffmanTables.LuminanceDc;

        Assert.Equal(Enumerable.Range(0, 12), table.Values.Select(v => (int)v));
        Assert.Equal((0b00, 2), table.Lookup(0));
        Assert.Equal((0b111111110, 9), table.Lookup(11));
        AssertPrefixFree(table);
    }

    private static void AssertPrefixFree(HuffmanTable table)
    {
        var codes = table.Values.Select(v => table.Lookup(v)).ToList();
        foreach (var a in codes)
        {
            Assert.InRange(a.Length, 1, 16);
            Assert.DoesNotContain(codes, b => b != a && b.Length >= a.Length && b.Code >> (b.Length - a.Length) == a.Code);
        }
    }
}
