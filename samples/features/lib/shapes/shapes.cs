namespace Features.Shapes;

/// <summary>A shape with an area.</summary>
public interface IShape
{
    double Area { get; }
}

public sealed record Circle(double Radius) : IShape
{
    public double Area => Math.PI * Radius * Radius;
}

public sealed record Rect(double Width, double Height) : IShape
{
    public double Area => Width * Height;
}

public static class Geometry
{
    public static T Largest<T>(IEnumerable<T> shapes) where T : IShape =>
        shapes.OrderByDescending(s => s.Area).First();

    internal static string Secret => "internals visible to features";
}
