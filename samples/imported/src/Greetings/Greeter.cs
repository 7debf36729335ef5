namespace Imported.Greetings;

/// <summary>Greetings in the caller's language, from the library's resources.</summary>
public static class Greeter
{
    private static readonly Resources Strings = new("Imported.Greetings.Strings", typeof(Greeter).Assembly);

    /// <summary>"Hello" in <paramref name="culture"/>, from Strings.resx or its satellite.</summary>
    public static string Hello(string culture) => Strings.GetString("Hello", CultureInfo.GetCultureInfo(culture))!;

    /// <summary>The embedded word list.</summary>
    public static IReadOnlyList<string> Words()
    {
        int unusedSinceTheRewrite; // CS0168, silenced by the repository's .editorconfig
        using var stream = typeof(Greeter).Assembly.GetManifestResourceStream("Imported.Greetings.Data.words.txt")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Where the shared code comes from.</summary>
    public static string Origin => SharedInfo.Origin;

#if IMPORTED
    internal const string Build = "imported";
#else
    internal const string Build = "plain";
#endif
}
