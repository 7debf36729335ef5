using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

static class Work
{
    public static async Task<int> SumAsync(int n)
    {
        var sum = 0;
        for (var i = 1; i <= n; i++)
        {
            await Task.Yield();
            sum += i;
        }
        return sum;
    }

    public static unsafe int SumWithPointers(int[] values)
    {
        var total = 0;
        fixed (int* p = values)
            for (var q = p; q < p + values.Length; q++)
                total += *q;
        return total;
    }

    public static string Describe(string? value) => value?.ToUpperInvariant() ?? "(null)";

    public static string Expr(int value, [CallerArgumentExpression(nameof(value))] string expression = "") => $"{expression} = {value}";

    public static int Overflow(int value) => value + 1;
}

static partial class Patterns
{
    [GeneratedRegex(@"[a-z]+")]
    public static partial Regex Words();
}

public sealed record Point(int X, int Y);

[JsonSerializable(typeof(Point))]
internal sealed partial class PointContext : JsonSerializerContext;
