namespace EdgeCam.CameraCapture.Tamper;

/// <summary>
/// What the tamper check measures on one gray frame, in one pass: the spread of gray levels (a covered lens is nearly
/// uniform), the mean edge strength (a defocused lens loses it), and the coarse layout, <see cref="GridWidth"/> by
/// <see cref="GridHeight"/> block means normalised to zero mean and unit variance, so a change of light (gain, offset)
/// leaves it as it is while a moved view does not.
/// </summary>
internal sealed class TamperFeatures
{
    public const int GridWidth = 16;
    public const int GridHeight = 9;

    private TamperFeatures(double spread, double edgeStrength, float[] layout)
    {
        Spread = spread;
        EdgeStrength = edgeStrength;
        Layout = layout;
    }

    /// <summary>Standard deviation of the gray levels.</summary>
    public double Spread { get; }

    /// <summary>Mean absolute difference to the right and lower neighbours, per pixel.</summary>
    public double EdgeStrength { get; }

    /// <summary>Edge strength per level of spread: unchanged by a gain or an offset, lowered by blur.</summary>
    public double Sharpness => Spread > 0 ? EdgeStrength / Spread : 0;

    /// <summary>The normalised block means, row by row.</summary>
    public float[] Layout { get; }

    public static TamperFeatures Measure(ReadOnlySpan<byte> pixels, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, GridWidth);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, GridHeight);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels.Length, width * height);
        var blocks = new long[GridWidth * GridHeight];
        var counts = new int[GridWidth * GridHeight];
        var blockOfColumn = new int[width];
        for (var x = 0; x < width; x++)
        {
            blockOfColumn[x] = x * GridWidth / width;
        }

        long sum = 0, sumOfSquares = 0, gradient = 0;
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * width, width);
            var below = y + 1 < height ? pixels.Slice((y + 1) * width, width) : row;
            var blockRow = y * GridHeight / height * GridWidth;
            for (var x = 0; x < width; x++)
            {
                int v = row[x];
                sum += v;
                sumOfSquares += v * v;
                blocks[blockRow + blockOfColumn[x]] += v;
                counts[blockRow + blockOfColumn[x]]++;
                gradient += Math.Abs(below[x] - v);
                if (x + 1 < width)
                {
                    gradient += Math.Abs(row[x + 1] - v);
                }
            }
        }

        double count = (double)width * height;
        var mean = sum / count;
        var spread = Math.Sqrt(Math.Max(0, (sumOfSquares / count) - (mean * mean)));
        return new TamperFeatures(spread, gradient / count, Normalise(blocks, counts));
    }

    /// <summary>Pearson correlation of the two layouts, -1..1 (0 when either is flat).</summary>
    public double SimilarityTo(TamperFeatures other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double dot = 0;
        for (var i = 0; i < Layout.Length; i++)
        {
            dot += Layout[i] * other.Layout[i];
        }

        return dot / Layout.Length;
    }

    /// <summary>A reference moved a share <paramref name="weight"/> of the way towards <paramref name="current"/> (slow scene drift).</summary>
    public TamperFeatures BlendedTowards(TamperFeatures current, double weight)
    {
        ArgumentNullException.ThrowIfNull(current);
        var layout = new float[Layout.Length];
        for (var i = 0; i < layout.Length; i++)
        {
            layout[i] = (float)((Layout[i] * (1 - weight)) + (current.Layout[i] * weight));
        }

        return new TamperFeatures(
            (Spread * (1 - weight)) + (current.Spread * weight),
            (EdgeStrength * (1 - weight)) + (current.EdgeStrength * weight),
            Renormalise(layout));
    }

    private static float[] Normalise(long[] blocks, int[] counts)
    {
        var values = new float[blocks.Length];
        for (var i = 0; i < blocks.Length; i++)
        {
            values[i] = (float)blocks[i] / counts[i];
        }

        return Renormalise(values);
    }

    private static float[] Renormalise(float[] values)
    {
        double mean = 0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        double variance = 0;
        foreach (var v in values)
        {
            variance += (v - mean) * (v - mean);
        }

        var deviation = Math.Sqrt(variance / values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = deviation > 1e-9 ? (float)((values[i] - mean) / deviation) : 0f;
        }

        return values;
    }
}
