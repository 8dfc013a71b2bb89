namespace EdgeCam.CameraCapture.Motion;

/// <summary>A point in normalised frame coordinates: (0, 0) is the top-left corner, (1, 1) the bottom-right.</summary>
public readonly record struct NormalisedPoint(double X, double Y);

/// <summary>
/// A polygon in normalised frame coordinates, so that masks and zones survive a change of analysis size. A pixel is
/// inside when its centre is (even-odd rule).
/// </summary>
/// <param name="Points">At least three corners, each coordinate within 0..1.</param>
public sealed record NormalisedPolygon(IReadOnlyList<NormalisedPoint> Points)
{
    /// <summary>Why the polygon is invalid, or null when it is valid.</summary>
    public string? Problem()
    {
        if (Points.Count < 3)
        {
            return $"needs at least 3 points, got {Points.Count}";
        }

        for (var i = 0; i < Points.Count; i++)
        {
            var p = Points[i];
            if (!(p.X is >= 0 and <= 1) || !(p.Y is >= 0 and <= 1))
            {
                return $"point {i} ({p.X}, {p.Y}) must have both coordinates between 0 and 1";
            }
        }

        return null;
    }

    /// <summary>Sets <paramref name="value"/> in every pixel of a <paramref name="width"/>×<paramref name="height"/> raster whose centre lies inside.</summary>
    public void Fill<T>(Span<T> raster, int width, int height, Func<T, T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var y = 0; y < height; y++)
        {
            var cy = (y + 0.5) / height;
            for (var x = 0; x < width; x++)
            {
                if (Contains((x + 0.5) / width, cy))
                {
                    var index = (y * width) + x;
                    raster[index] = value(raster[index]);
                }
            }
        }
    }

    /// <summary>Even-odd test of a point in normalised coordinates.</summary>
    public bool Contains(double x, double y)
    {
        var inside = false;
        for (int i = 0, j = Points.Count - 1; i < Points.Count; j = i++)
        {
            var a = Points[i];
            var b = Points[j];
            if ((a.Y > y) != (b.Y > y) && x < ((b.X - a.X) * (y - a.Y) / (b.Y - a.Y)) + a.X)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}

/// <summary>A named area of the frame; motion regions report the zones they touch.</summary>
/// <param name="Name">Name reported in motion events.</param>
/// <param name="Polygon">Where it is.</param>
public sealed record MotionZone(string Name, NormalisedPolygon Polygon);
