namespace Crossbuild.Load;

/// <summary>A dotted name used by a file, with the namespace it was written in (for C#'s outward lookup).</summary>
/// <param name="Context">The enclosing namespace, "" at the top level.</param>
/// <param name="Name">The dotted name, e.g. <c>Acme.Text.Slug</c> or <c>Text.Slug</c>.</param>
public readonly record struct NameUse(string Context, string Name);

/// <summary>
/// What the loader needs to know from a file's syntax: the namespaces it declares, the dotted names it uses, whether
/// it has an entry point, and which preprocessor symbols its <c>#if</c>/<c>#elif</c> directives read.
/// </summary>
/// <param name="DeclaredNamespaces">Namespaces declared in the file, nested ones composed (<c>A.B</c>).</param>
/// <param name="Uses">Names from using directives and qualified names.</param>
/// <param name="HasEntryPoint">Whether the file has top-level statements or a static Main method.</param>
/// <param name="SymbolsRead">Preprocessor symbols read by conditional directives.</param>
public sealed record SourceFacts(
    IReadOnlyList<string> DeclaredNamespaces,
    IReadOnlyList<NameUse> Uses,
    bool HasEntryPoint,
    IReadOnlyList<string> SymbolsRead)
{
    /// <summary>No facts: for files that build constraints exclude.</summary>
    public static SourceFacts Empty { get; } = new([], [], false, []);

    /// <summary>
    /// Symbols named by <c>[Conditional("…")]</c> attributes: calls to such methods compile only when the symbol is
    /// defined, so the output depends on them as on symbols that <c>#if</c> reads.
    /// </summary>
    public IReadOnlyList<string> ConditionalSymbols { get; init; } = [];

    /// <summary>
    /// Scans <paramref name="text"/> with <paramref name="symbols"/> defined: an imports-only pass that tokenizes,
    /// evaluates conditional directives and never builds a syntax tree.
    /// </summary>
    public static SourceFacts Scan(string text, IReadOnlySet<string> symbols) => Scanning.FactScanner.Scan(text, symbols);
}
