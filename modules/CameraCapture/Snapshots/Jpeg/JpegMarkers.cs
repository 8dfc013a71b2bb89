namespace EdgeCam.CameraCapture.Snapshots.Jpeg;

/// <summary>
/// The marker segments of a one-component baseline JFIF file, in order (ITU-T T.81 Annex B, Table B.1 marker codes):
/// SOI, APP0 (JFIF 1.01), DQT, SOF0, DHT ×2, SOS; the scan data and EOI follow.
/// </summary>
internal static class JpegMarkers
{
    public const byte Soi = 0xD8;
    public const byte Eoi = 0xD9;
    public const byte App0 = 0xE0;
    public const byte Dqt = 0xDB;
    public const byte Sof0 = 0xC0;
    public const byte Dht = 0xC4;
    public const byte Sos = 0xDA;

    /// <summary>Writes every segment before the entropy-coded data; <paramref name="quantization"/> is in natural order.</summary>
    public static void WriteHeaders(JpegBuffer output, ReadOnlySpan<byte> quantization, int width, int height)
    {
        Marker(output, Soi);

        // APP0 "JFIF\0", version 1.01, no density units, aspect 1:1, no thumbnail (16 bytes with the length).
        Marker(output, App0);
        output.WriteUInt16(16);
        output.Write("JFIF\0"u8);
        output.Write([1, 1, 0]);
        output.WriteUInt16(1);
        output.WriteUInt16(1);
        output.Write([0, 0]);

        // DQT (B.2.4.1): Lq = 67, Pq = 0 (8-bit entries) / Tq = 0, then 64 entries in zig-zag order.
        Marker(output, Dqt);
        output.WriteUInt16(2 + 1 + 64);
        output.WriteByte(0x00);
        foreach (var natural in ZigZag.ToNatural)
        {
            output.WriteByte(quantization[natural]);
        }

        // SOF0 (B.2.2): Lf = 11, P = 8, Y, X, Nf = 1; component 1 with H = V = 1 and table Tq = 0.
        Marker(output, Sof0);
        output.WriteUInt16(8 + 3);
        output.WriteByte(8);
        output.WriteUInt16(height);
        output.WriteUInt16(width);
        output.Write([1, 1, 0x11, 0]);

        // DHT (B.2.4.2): Tc = 0 (DC) / Th = 0, and Tc = 1 (AC) / Th = 0.
        HuffmanSegment(output, 0x00, HuffmanTables.LuminanceDc);
        HuffmanSegment(output, 0x10, HuffmanTables.LuminanceAc);

        // SOS (B.2.3): Ls = 8, Ns = 1, component 1 with Td = Ta = 0, Ss = 0, Se = 63, Ah = Al = 0.
        Marker(output, Sos);
        output.WriteUInt16(6 + 2);
        output.Write([1, 1, 0x00, 0, 63, 0]);
    }

    private static void HuffmanSegment(JpegBuffer output, byte classAndId, HuffmanTable table)
    {
        Marker(output, Dht);
        output.WriteUInt16(2 + 1 + 16 + table.Values.Length);
        output.WriteByte(classAndId);
        output.Write(table.Bits);
        output.Write(table.Values);
    }

    private static void Marker(JpegBuffer output, byte code)
    {
        output.WriteByte(0xFF);
        output.WriteByte(code);
    }
}
