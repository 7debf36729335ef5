using Crossbuild.Diagnostics;

namespace Crossbuild.Load;

/// <summary>
/// Package patterns, as in Go: a directory (<c>.</c>, <c>./cmd/hello</c>) names the package rooted there; a pattern
/// ending in <c>/...</c> (<c>./...</c>, <c>./lib/...</c>) names every package at or below that directory. Patterns are
/// relative to the working directory and must stay inside the module.
/// </summary>
public static class PackagePattern
{
    /// <summary>
    /// The packages matched by <paramref name="patterns"/> (default <c>.</c>), sorted by Dir without duplicates.
    /// Packages that build constraints exclude entirely are skipped by <c>...</c> patterns and are an error when named.
    /// </summary>
    public static IReadOnlyList<Package> Match(LoadResult load, IReadOnlyList<string> patterns, string workingDirectory)
    {
        if (patterns.Count == 0) patterns = ["."];
        var matched = new SortedDictionary<string, Package>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            if (pattern.Length == 0 || pattern.Any(c => c == '\0' || char.IsControl(c) || char.IsSurrogate(c)))
                throw new CrossbuildException($"pattern \"{Printable(pattern)}\": {(pattern.Length == 0 ? "empty" : "invalid character in a package pattern")}");
            var recursive = pattern == "..." || pattern.EndsWith("/...", StringComparison.Ordinal);
            var dirPart = pattern == "..." ? "." : recursive ? pattern[..^4] : pattern;
            if (dirPart.Length == 0) dirPart = "/";
            var full = Path.GetFullPath(Path.Combine(workingDirectory, dirPart));
            var rel = Path.GetRelativePath(load.Module.Root, full).Replace('\\', '/');
            if (rel == "..") rel = "../";
            if (rel.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(rel))
                throw new CrossbuildException(
                    $"pattern {pattern}: directory {full} is outside the module rooted at {load.Module.Root}");
            if (rel == "") rel = ".";

            var found = 0;
            if (recursive)
            {
                foreach (var p in load.Packages)
                    if ((!p.IsExcluded || p.IsTestOnly) && (rel == "." || p.Dir == rel || p.Dir.StartsWith(rel + "/", StringComparison.Ordinal)))
                    {
                        matched[p.Dir] = p;
                        found++;
                    }
                if (found == 0)
                    throw new CrossbuildException($"pattern {pattern}: matched no packages");
            }
            else
            {
                var p = load.ByDir(rel) ?? throw new CrossbuildException(
                    Directory.Exists(full)
                        ? $"pattern {pattern}: no package in {rel} (no .cs files, or it belongs to an enclosing package)"
                        : $"pattern {pattern}: directory {rel} does not exist");
                if (p.IsExcluded && !p.IsTestOnly)
                    throw new CrossbuildException(
                        $"pattern {pattern}: build constraints exclude all .cs files in {p.Dir} for {load.Target}");
                matched[p.Dir] = p;
            }
        }
        return matched.Values.ToArray();
    }

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
