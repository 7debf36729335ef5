using Crossbuild.Diagnostics;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Crossbuild.Load;

/// <summary>A glob written in a manifest, with where it was written (for errors).</summary>
/// <param name="Pattern">The pattern, '/'-separated, relative to the manifest's directory.</param>
/// <param name="Where">The manifest position, <c>file:line:col</c>.</param>
public sealed record ManifestGlob(string Pattern, string Where);

/// <summary>
/// A manifest's <c>include</c> and <c>exclude</c> globs (the SDK's <c>&lt;Compile Include&gt;</c> and
/// <c>&lt;Compile Remove&gt;</c>): files added from elsewhere in the module, and files dropped from a package, on top
/// of build constraints. Patterns are relative to the directory of the manifest that declares them, with MSBuild's
/// wildcards: <c>*</c>, <c>?</c> and <c>**</c> for any number of directories.
/// </summary>
/// <param name="Include">Globs of .cs files to compile too.</param>
/// <param name="Exclude">Globs of files not to compile.</param>
public sealed record SourceGlobs(IReadOnlyList<ManifestGlob> Include, IReadOnlyList<ManifestGlob> Exclude)
{
    /// <summary>No globs.</summary>
    public static SourceGlobs Empty { get; } = new([], []);

    /// <summary>Files passed to analyzers and generators (<c>additionalFiles</c>, the SDK's <c>AdditionalFiles</c> items).</summary>
    public IReadOnlyList<ManifestGlob> AdditionalFiles { get; init; } = [];

    /// <summary>The field names.</summary>
    internal static readonly string[] FieldNames = ["include", "exclude", "additionalFiles"];

    /// <summary>Reads the fields of <paramref name="json"/>.</summary>
    internal static SourceGlobs Read(ManifestJson json) =>
        new(Globs(json, "include"), Globs(json, "exclude")) { AdditionalFiles = Globs(json, "additionalFiles") };

    private static IReadOnlyList<ManifestGlob> Globs(ManifestJson json, string field)
    {
        if (json.StringArray(field) is not { } patterns) return [];
        var f = json.Get(field)!;
        var where = $"{json.DisplayPath}:{f.Line}:{f.Column}";
        foreach (var p in patterns)
            if (p.Trim().Length == 0 || Path.IsPathRooted(p) || p.Contains(';') || p.Any(char.IsControl))
                throw json.Error(f, $"field \"{field}\" has \"{p}\"; expected a glob relative to this manifest's directory, such as ../Shared/**/*.cs");
        return patterns.Select(p => new ManifestGlob(p.Replace('\\', '/'), where)).ToArray();
    }

    /// <summary>
    /// The .cs files (for <c>embed</c>, any files) <paramref name="glob"/> names, as full paths, sorted; <paramref name="baseDir"/> is its manifest's
    /// directory. A glob that reaches outside <paramref name="moduleRoot"/>, or a literal path that names no .cs
    /// file, is an error at the manifest position.
    /// </summary>
    public static IReadOnlyList<string> Files(ManifestGlob glob, string baseDir, string moduleRoot, string field = "include")
    {
        var cs = field == "include";
        // field: include (.cs files), embed or additionalFiles (any files); it names the field in errors.
        var (root, rest) = Split(glob, baseDir, moduleRoot, field);
        if (rest is null)
        {
            if (cs && !root.EndsWith(".cs", StringComparison.Ordinal) || !File.Exists(root))
                throw new CrossbuildException($"{glob.Where}: {field} \"{glob.Pattern}\" names no {(cs ? ".cs " : "")}file");
            return [root];
        }
        if (!Directory.Exists(root)) return [];
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(rest);
        try
        {
            return matcher.GetResultsInFullPath(root).Where(f => !cs || f.EndsWith(".cs", StringComparison.Ordinal))
                .Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CrossbuildException($"{glob.Where}: {field} \"{glob.Pattern}\": {e.Message}");
        }
    }

    /// <summary>Whether <paramref name="glob"/> (from a manifest in <paramref name="baseDir"/>) names <paramref name="fullPath"/>.</summary>
    public static bool Matches(ManifestGlob glob, string baseDir, string moduleRoot, string fullPath)
    {
        var (root, rest) = Split(glob, baseDir, moduleRoot, "exclude");
        if (rest is null) return string.Equals(root, fullPath, StringComparison.Ordinal);
        var rel = Path.GetRelativePath(root, fullPath);
        if (rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel)) return false;
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(rest);
        return matcher.Match(rel.Replace('\\', '/')).HasMatches;
    }

    // The pattern's leading literal directories resolved against its manifest's directory, and the wildcard rest
    // (null for a literal path). "Generated/**" means every file below Generated, as MSBuild reads it.
    private static (string Root, string? Wild) Split(ManifestGlob glob, string baseDir, string moduleRoot, string field)
    {
        var segments = glob.Pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var firstWild = Array.FindIndex(segments, s => s.IndexOfAny(['*', '?']) >= 0);
        var literal = firstWild < 0 ? segments : segments[..firstWild];
        var root = Path.GetFullPath(Path.Combine([baseDir, .. literal]));
        var fromModule = Path.GetRelativePath(moduleRoot, root);
        if (fromModule == ".." || fromModule.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(fromModule))
            throw new CrossbuildException($"{glob.Where}: {field} \"{glob.Pattern}\" reaches outside the module");
        if (firstWild < 0) return (root, null);
        var rest = string.Join('/', segments[firstWild..]);
        if (rest.EndsWith("**", StringComparison.Ordinal)) rest += "/*";
        return (root, rest);
    }
}
