namespace Tested.Nu;

/// <summary>Sums.</summary>
public static class Sums
{
    /// <summary>The sum of <paramref name="values"/>.</summary>
    public static int Of(params int[] values) => values.Sum();
}
