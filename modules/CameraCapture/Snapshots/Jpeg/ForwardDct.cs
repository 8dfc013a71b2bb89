namespace EdgeCam.CameraCapture.Snapshots.Jpeg;

/// <summary>
/// The 8×8 forward DCT of ITU-T T.81 A.3.3, F(u,v) = ¼·C(u)·C(v)·Σx Σy f(x,y)·cos((2x+1)uπ/16)·cos((2y+1)vπ/16) with
/// C(0) = 1/√2, computed separably (rows, then columns) from a precomputed cosine matrix in single precision.
/// </summary>
internal static class ForwardDct
{
    // Basis[u * 8 + x] = ½·C(u)·cos((2x+1)uπ/16): one 1-D pass per direction gives the ¼·C(u)·C(v) factor of the 2-D transform.
    private static readonly float[] Basis = CreateBasis();

    /// <summary>Transforms <paramref name="block"/> (64 level-shifted samples, row-major) in place into coefficients F(v,u) at index v·8+u.</summary>
    public static void Transform(Span<float> block)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(block.Length, 64);
        Span<float> line = stackalloc float[8];
        var basis = Basis.AsSpan();

        // Rows: horizontal frequencies u.
        for (var row = 0; row < 64; row += 8)
        {
            var samples = block.Slice(row, 8);
            for (var u = 0; u < 8; u++)
            {
                line[u] = Dot(basis.Slice(u * 8, 8), samples);
            }

            line.CopyTo(samples);
        }

        // Columns: vertical frequencies v.
        Span<float> column = stackalloc float[8];
        for (var u = 0; u < 8; u++)
        {
            for (var y = 0; y < 8; y++)
            {
                column[y] = block[(y * 8) + u];
            }

            for (var v = 0; v < 8; v++)
            {
                block[(v * 8) + u] = Dot(basis.Slice(v * 8, 8), column);
            }
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        (a[0] * b[0]) + (a[1] * b[1]) + (a[2] * b[2]) + (a[3] * b[3]) + (a[4] * b[4]) + (a[5] * b[5]) + (a[6] * b[6]) + (a[7] * b[7]);

    private static float[] CreateBasis()
    {
        var basis = new float[64];
        for (var u = 0; u < 8; u++)
        {
            var scale = u == 0 ? 0.5 / Math.Sqrt(2) : 0.5;
            for (var x = 0; x < 8; x++)
            {
                basis[(u * 8) + x] = (float)(scale * Math.Cos(((2 * x) + 1) * u * Math.PI / 16));
            }
        }

        return basis;
    }
}
