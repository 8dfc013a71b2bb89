using EdgeCam.Contracts.Motion;

namespace EdgeCam.CameraCapture.Motion;

/// <summary>
/// Finds the 8-connected areas of a binary mask and their bounding boxes, with an explicit stack (no recursion) and
/// buffers reused between frames.
/// </summary>
internal sealed class RegionFinder
{
    private readonly int _width;
    private readonly int _height;
    private readonly bool[] _visited;
    private readonly int[] _stack;
    private readonly List<MotionRegion> _found = [];

    public RegionFinder(int width, int height)
    {
        _width = width;
        _height = height;
        _visited = new bool[width * height];
        _stack = new int[width * height];
    }

    /// <summary>Regions of at least <paramref name="minPixels"/> set pixels, largest first, at most <paramref name="maxRegions"/>.</summary>
    public IReadOnlyList<MotionRegion> Find(ReadOnlySpan<byte> mask, int minPixels, int maxRegions)
    {
        Array.Clear(_visited);
        _found.Clear();
        for (var start = 0; start < mask.Length; start++)
        {
            if (mask[start] == 0 || _visited[start])
            {
                continue;
            }

            var region = Fill(mask, start);
            if (region.Area >= minPixels)
            {
                _found.Add(region);
            }
        }

        _found.Sort((a, b) => b.Area.CompareTo(a.Area));
        return _found.Count <= maxRegions ? [.. _found] : [.. _found.Take(maxRegions)];
    }

    private MotionRegion Fill(ReadOnlySpan<byte> mask, int start)
    {
        var top = 0;
        _stack[top++] = start;
        _visited[start] = true;
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1, area = 0;
        while (top > 0)
        {
            var index = _stack[--top];
            var x = index % _width;
            var y = index / _width;
            area++;
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
            for (var dy = -1; dy <= 1; dy++)
            {
                var ny = y + dy;
                if (ny < 0 || ny >= _height)
                {
                    continue;
                }

                for (var dx = -1; dx <= 1; dx++)
                {
                    var nx = x + dx;
                    if (nx < 0 || nx >= _width)
                    {
                        continue;
                    }

                    var neighbour = (ny * _width) + nx;
                    if (mask[neighbour] != 0 && !_visited[neighbour])
                    {
                        _visited[neighbour] = true;
                        _stack[top++] = neighbour;
                    }
                }
            }
        }

        return new MotionRegion(minX, minY, maxX - minX + 1, maxY - minY + 1, area);
    }
}
