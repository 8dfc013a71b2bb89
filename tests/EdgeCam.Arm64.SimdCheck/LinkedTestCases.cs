using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Xunit.Sdk;

namespace EdgeCam.Arm64.SimdCheck;

/// <summary>
/// Runs the xunit test methods compiled into an assembly without xunit's runner: one case per [Fact], one per data row
/// of a [Theory]. A fresh instance per case, disposed after it, as xunit does. A skipped or data-less theory fails.
/// </summary>
internal static class LinkedTestCases
{
    /// <summary>Runs every case, prints one line each and a total; true when at least one ran and none failed.</summary>
    public static bool RunAll(Assembly assembly, TextWriter output)
    {
        var (passed, failed) = (0, 0);
        foreach (var method in assembly.GetTypes().Where(t => t.IsPublic).SelectMany(t => t.GetMethods()).Where(m => m.GetCustomAttribute<FactAttribute>() is not null))
        {
            foreach (var arguments in Rows(method))
            {
                var name = Invariant($"{method.DeclaringType!.Name}.{method.Name}({string.Join(", ", arguments ?? [])})");
                var watch = Stopwatch.StartNew();
                var problem = Run(method, arguments);
                output.WriteLine(Invariant($"{(problem is null ? "pass" : "FAIL")} {name} {watch.Elapsed.TotalMilliseconds:F0} ms{(problem is null ? string.Empty : ": " + problem)}"));
                (passed, failed) = problem is null ? (passed + 1, failed) : (passed, failed + 1);
            }
        }

        output.WriteLine(Invariant($"simd-check: {passed} cases passed, {failed} failed"));
        return passed > 0 && failed == 0;
    }

    private static List<object?[]?> Rows(MethodInfo method)
    {
        if (method.GetCustomAttribute<FactAttribute>()!.Skip is not null || method.GetCustomAttribute<TheoryAttribute>() is null)
        {
            return [null];
        }

        List<object?[]?> rows = [.. method.GetCustomAttributes<DataAttribute>().SelectMany(data => data.GetData(method))];
        return rows.Count > 0 ? rows : [null];
    }

    private static string? Run(MethodInfo method, object?[]? arguments)
    {
        if (method.GetCustomAttribute<FactAttribute>()!.Skip is { } skip)
        {
            return $"skipped ({skip}); a skipped case does not count as passing";
        }

        if (arguments is null && method.GetParameters().Length > 0)
        {
            return "a theory without data rows";
        }

        var instance = method.IsStatic ? null : Activator.CreateInstance(method.DeclaringType!);
        try
        {
            var result = method.Invoke(instance, arguments);
            if (result is Task task)
            {
                task.GetAwaiter().GetResult();
            }

            return null;
        }
        catch (Exception ex)
        {
            var cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            return $"{cause.GetType().Name}: {cause.Message.ReplaceLineEndings(" ")}";
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
