namespace Crossbuild.Diagnostics;

/// <summary>A compiler error or warning, in a form every host prints the same way.</summary>
/// <param name="Severity"><c>error</c> or <c>warning</c>.</param>
/// <param name="Code">The diagnostic ID, e.g. <c>CS0103</c>.</param>
/// <param name="Message">The message.</param>
/// <param name="Path">The full path of the file, or null for diagnostics without a location.</param>
/// <param name="Line">1-based line, 0 without a location.</param>
/// <param name="Column">1-based column, 0 without a location.</param>
/// <param name="Origin">What to name when there is no file: the package Dir.</param>
public sealed record BuildDiagnostic(string Severity, string Code, string Message, string? Path, int Line, int Column, string Origin)
{
    /// <summary>Whether this is an error.</summary>
    public bool IsError => Severity == "error";

    /// <summary>
    /// The canonical MSBuild/csc form, <c>path(line,col): error CS0103: message</c>, with the path relative to
    /// <paramref name="baseDirectory"/>; <c>origin : error CS5001: message</c> without a location.
    /// </summary>
    public string Format(string baseDirectory) => Path is null
        ? $"{Origin} : {Severity} {Code}: {Message}"
        : Column > 0 ? $"{RelativePath(baseDirectory, Path)}({Line},{Column}): {Severity} {Code}: {Message}"
        : $"{RelativePath(baseDirectory, Path)}({Line}): {Severity} {Code}: {Message}"; // a tool that reports lines only (ilc)

    // Relative even when above the base ("../lib/a.cs"), as Go prints it; full when on another root.
    private static string RelativePath(string baseDirectory, string path)
    {
        var rel = System.IO.Path.GetRelativePath(baseDirectory, path);
        return System.IO.Path.IsPathRooted(rel) ? path : rel.Replace('\\', '/');
    }
}
