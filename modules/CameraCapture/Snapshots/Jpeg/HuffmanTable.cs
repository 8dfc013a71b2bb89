namespace EdgeCam.CameraCapture.Snapshots.Jpeg;

/// <summary>
/// One Huffman table as a DHT segment carries it (BITS: code counts per length 1–16, HUFFVAL: symbols by code length),
/// with the encoder's code and size per symbol (EHUFCO/EHUFSI) derived as in ITU-T T.81 Annex C (Figures C.1–C.3).
/// </summary>
internal sealed class HuffmanTable
{
    private readonly ushort[] _codes = new ushort[256];
    private readonly byte[] _sizes = new byte[256];

    public HuffmanTable(byte[] bits, byte[] values)
    {
        ArgumentNullException.ThrowIfNull(bits);
        ArgumentNullException.ThrowIfNull(values);
        if (bits.Length != 16 || bits.Sum(b => b) != values.Length)
        {
            throw new ArgumentException("BITS must hold 16 counts adding up to the number of HUFFVAL symbols.", nameof(bits));
        }

        Bits = bits;
        Values = values;

        // Figure C.1/C.2: codes are assigned in order of length; each length starts at (last code + 1) << 1.
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < bits[length - 1]; i++, k++)
            {
                // Figure C.3: EHUFCO/EHUFSI indexed by the symbol.
                _codes[values[k]] = (ushort)code++;
                _sizes[values[k]] = (byte)length;
            }

            code <<= 1;
        }
    }

    /// <summary>BITS: the number of codes of each length 1–16.</summary>
    public byte[] Bits { get; }

    /// <summary>HUFFVAL: the symbols in order of increasing code length.</summary>
    public byte[] Values { get; }

    /// <summary>The code of <paramref name="symbol"/> (right-aligned) and its length in bits; length 0 when the table has no such symbol.</summary>
    public (int Code, int Length) Lookup(int symbol) => (_codes[symbol], _sizes[symbol]);
}
