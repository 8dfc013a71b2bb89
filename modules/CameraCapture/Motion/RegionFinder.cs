using System.Runtime.Intrinsics;

namespace EdgeCam.CameraCapture.Motion;

/// <summary>
/// 8-connected regions of a 0/255 mask with their bounding boxes: runs of set pixels per row, joined with the
/// overlapping runs of the row above by union-find (path halving; the earlier run stays the root), then one pass
/// that folds each run's box, area and zone bits into its root. Every buffer is allocated once.
/// </summary>
internal sealed class RegionFinder
{
    private readonly int _width;
    private readonly int _height;
    private readonly int[] _start;
    private readonly int[] _end;
    private readonly int[] _parent;
    private readonly int[] _minX;
    private readonly int[] _maxX;
    private readonly int[] _minY;
    private readonly int[] _maxY;
    private readonly int[] _area;
    private readonly int[] _zones;

    public RegionFinder(int width, int height)
    {
        _width = width;
        _height = height;
        var maxRuns = ((width + 1) / 2) * height;
        _start = new int[maxRuns];
        _end = new int[maxRuns];
        _parent = new int[maxRuns];
        _minX = new int[maxRuns];
        _maxX = new int[maxRuns];
        _minY = new int[maxRuns];
        _maxY = new int[maxRuns];
        _area = new int[maxRuns];
        _zones = new int[maxRuns];
    }

    /// <summary>
    /// Writes the largest regions of at least <paramref name="minPixels"/> pixels to <paramref name="largest"/>
    /// (largest first) and returns how many it wrote and the pixels of all regions that qualified.
    /// </summary>
    public (int Count, int QualifyingPixels) Find(ReadOnlySpan<byte> mask, ReadOnlySpan<ushort> zoneBits, int minPixels, Span<MotionBox> largest)
    {
        var runs = 0;
        var previousFirst = 0;
        var previousEnd = 0;
        for (var y = 0; y < _height; y++)
        {
            var rowFirst = runs;
            runs = ScanRow(mask.Slice(y * _width, _width), zoneBits.IsEmpty ? zoneBits : zoneBits.Slice(y * _width, _width), y, runs);
            JoinWithRowAbove(previousFirst, previousEnd, rowFirst, runs);
            previousFirst = rowFirst;
            previousEnd = runs;
        }

        var count = 0;
        var qualifying = 0;
        for (var r = 0; r < runs; r++)
        {
            var root = Root(r);
            if (root != r)
            {
                _minX[root] = Math.Min(_minX[root], _minX[r]);
                _maxX[root] = Math.Max(_maxX[root], _maxX[r]);
                _minY[root] = Math.Min(_minY[root], _minY[r]);
                _maxY[root] = Math.Max(_maxY[root], _maxY[r]);
                _area[root] += _area[r];
                _zones[root] |= _zones[r];
                _area[r] = 0;
            }
        }

        for (var r = 0; r < runs; r++)
        {
            if (_parent[r] != r || _area[r] < minPixels)
            {
                continue;
            }

            qualifying += _area[r];
            var box = new MotionBox(_minX[r], _minY[r], _maxX[r] - _minX[r] + 1, _maxY[r] - _minY[r] + 1, _area[r], _zones[r]);
            count = InsertBySize(largest, count, box);
        }

        return (count, qualifying);
    }

    private int ScanRow(ReadOnlySpan<byte> row, ReadOnlySpan<ushort> zones, int y, int runs)
    {
        var x = 0;
        while (x < _width)
        {
            if (Vector256.IsHardwareAccelerated && x + Vector256<byte>.Count <= _width && Vector256.Create(row.Slice(x)) == Vector256<byte>.Zero)
            {
                x += Vector256<byte>.Count;
                continue;
            }

            if (row[x] == 0)
            {
                x++;
                continue;
            }

            var start = x;
            var zoneBits = 0;
            while (x < _width && row[x] != 0)
            {
                zoneBits |= zones.IsEmpty ? 0 : zones[x];
                x++;
            }

            _start[runs] = start;
            _end[runs] = x;
            _parent[runs] = runs;
            _minX[runs] = start;
            _maxX[runs] = x - 1;
            _minY[runs] = y;
            _maxY[runs] = y;
            _area[runs] = x - start;
            _zones[runs] = zoneBits;
            runs++;
        }

        return runs;
    }

    // Runs [a, b) of the row above touch run r when they overlap it or meet it diagonally (8-connectivity).
    private void JoinWithRowAbove(int aboveFirst, int aboveEnd, int first, int end)
    {
        var q = aboveFirst;
        for (var r = first; r < end; r++)
        {
            while (q < aboveEnd && _end[q] < _start[r])
            {
                q++;
            }

            for (var k = q; k < aboveEnd && _start[k] <= _end[r]; k++)
            {
                Union(k, r);
            }
        }
    }

    private int Root(int r)
    {
        while (_parent[r] != r)
        {
            _parent[r] = _parent[_parent[r]];
            r = _parent[r];
        }

        return r;
    }

    private void Union(int a, int b)
    {
        var ra = Root(a);
        var rb = Root(b);
        if (ra < rb)
        {
            _parent[rb] = ra;
        }
        else if (rb < ra)
        {
            _parent[ra] = rb;
        }
    }

    private static int InsertBySize(Span<MotionBox> largest, int count, MotionBox box)
    {
        if (count == largest.Length && (count == 0 || largest[count - 1].Area >= box.Area))
        {
            return count;
        }

        var i = Math.Min(count, largest.Length - 1);
        while (i > 0 && largest[i - 1].Area < box.Area)
        {
            largest[i] = largest[i - 1];
            i--;
        }

        largest[i] = box;
        return Math.Min(count + 1, largest.Length);
    }
}
