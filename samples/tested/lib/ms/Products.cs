namespace Tested.Ms;

/// <summary>Products.</summary>
public static class Products
{
    /// <summary>The product of <paramref name="values"/>.</summary>
    public static int Of(params int[] values) => values.Aggregate(1, (a, b) => a * b);
}
