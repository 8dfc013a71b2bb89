using System.Numerics;

namespace EdgeCam.CameraCapture.Snapshots.Jpeg;

/// <summary>Huffman coding of one block's quantised coefficients (ITU-T T.81 F.1.2.1 DC, F.1.2.2 AC) with the Annex K luminance tables.</summary>
internal static class EntropyCoder
{
    /// <summary>Codes <paramref name="zigZag"/> (64 quantised coefficients in zig-zag order); returns this block's DC for the next difference.</summary>
    public static int EncodeBlock(ReadOnlySpan<int> zigZag, int previousDc, JpegBuffer output)
    {
        // DC: the difference from the previous block's DC as category SSSS (Table F.1) plus SSSS extra bits.
        // 8-bit samples give DC coefficients in −1024..1016, so differences fit category 11 (the table's last).
        var dc = Math.Clamp(zigZag[0], -1024, 1023);
        WriteValue(HuffmanTables.LuminanceDc, 0, dc - previousDc, output);

        // AC: runs of zeros R and category S as the symbol RRRRSSSS (Table F.2), ZRL (0xF0) for 16 zeros, EOB (0x00).
        var run = 0;
        for (var k = 1; k < 64; k++)
        {
            var value = Math.Clamp(zigZag[k], -1023, 1023); // AC categories end at 10 (Table F.2)
            if (value == 0)
            {
                run++;
                continue;
            }

            for (; run > 15; run -= 16)
            {
                Write(HuffmanTables.LuminanceAc, 0xF0, output);
            }

            WriteValue(HuffmanTables.LuminanceAc, run << 4, value, output);
            run = 0;
        }

        if (run > 0)
        {
            Write(HuffmanTables.LuminanceAc, 0x00, output);
        }

        return dc;
    }

    // The symbol (high bits | SSSS) then SSSS bits: the value if positive, value − 1 (its low bits) if negative (F.1.2.1).
    private static void WriteValue(HuffmanTable table, int symbolHighBits, int value, JpegBuffer output)
    {
        var size = value == 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(value));
        Write(table, symbolHighBits | size, output);
        if (size > 0)
        {
            output.WriteBits(value < 0 ? value - 1 : value, size);
        }
    }

    private static void Write(HuffmanTable table, int symbol, JpegBuffer output)
    {
        var (code, length) = table.Lookup(symbol);
        output.WriteBits(code, length);
    }
}
