using Crossbuild.Diagnostics;
using Crossbuild.Load;

namespace Crossbuild.Plan;

/// <summary>
/// A value set with <c>-X [package:]key=value</c>, embedded as <c>[assembly: AssemblyMetadata(key, value)]</c>.
/// Without a package it goes into every executable; with one (a Dir such as <c>cmd/hello</c>, or a package name)
/// into that package only.
/// </summary>
/// <param name="Package">The package Dir or name it applies to; null for every executable.</param>
/// <param name="Key">The metadata key.</param>
/// <param name="Value">The value.</param>
public sealed record BuildValue(string? Package, string Key, string Value)
{
    /// <summary>Parses <c>[package:]key=value</c>.</summary>
    public static BuildValue Parse(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0)
            throw new CrossbuildException($"-X {text}: expected [package:]key=value");
        var name = text[..eq];
        var colon = name.LastIndexOf(':');
        var package = colon > 0 ? name[..colon] : null;
        var key = colon > 0 ? name[(colon + 1)..] : name;
        if (key.Length == 0)
            throw new CrossbuildException($"-X {text}: empty key");
        return new BuildValue(package?.TrimStart('.', '/') is { Length: > 0 } p ? p : package, key, text[(eq + 1)..]);
    }

    /// <summary>Whether this value applies to <paramref name="package"/>.</summary>
    public bool AppliesTo(Package package) => Package is null
        ? package.Kind == PackageKind.Exe
        : string.Equals(Package, package.Dir, StringComparison.Ordinal) || string.Equals(Package, package.Name, StringComparison.Ordinal);
}
