namespace Tested.Text;

/// <summary>Turns titles into URL slugs.</summary>
public static class Slug
{
    /// <summary>The slug of <paramref name="title"/>: trimmed, lower-case, words joined by '-'.</summary>
    public static string Make(string title) => string.Join('-', Words(Lower(title)));

    // Internal: the in-package tests call it directly, with no InternalsVisibleTo.
    internal static string Lower(string s) => s.Trim().ToLowerInvariant();

    private static string[] Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
