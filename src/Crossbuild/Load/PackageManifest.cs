namespace Crossbuild.Load;

/// <summary>A package's own crossbuild.json: overrides for one package. It has no <c>module</c> field.</summary>
/// <param name="Name">The assembly name, overriding the naming rule.</param>
/// <param name="Kind">exe or lib, overriding detection.</param>
/// <param name="InternalsVisibleTo">Assemblies that may see this package's internals.</param>
/// <param name="Settings">The package's compile settings: the module's defaults with this file's overrides.</param>
public sealed record PackageManifest(string? Name, PackageKind? Kind, IReadOnlyList<string> InternalsVisibleTo, CompileSettings Settings)
{
    /// <summary>NuGet packages this package (and what imports it) uses, beyond the module's.</summary>
    public IReadOnlyList<Deps.PackageRequirement> Packages { get; init; } = [];

    /// <summary>NuGet packages only this package's test assembly uses, beyond the module's <c>testPackages</c>.</summary>
    public IReadOnlyList<Deps.PackageRequirement> TestPackages { get; init; } = [];

    /// <summary>Files from elsewhere in the module this package compiles too, and its files it drops.</summary>
    public SourceGlobs Sources { get; init; } = SourceGlobs.Empty;

    /// <summary>Files embedded as resources (<c>embed</c>, the SDK's non-resx <c>EmbeddedResource</c> items).</summary>
    public IReadOnlyList<EmbedItem> Embeds { get; init; } = [];

    /// <summary>Files copied next to the executables that use this package (<c>copy</c>, the SDK's <c>CopyToOutputDirectory</c>).</summary>
    public IReadOnlyList<CopyItem> Copies { get; init; } = [];

    /// <summary>
    /// The module's analyzer packages (<c>"kind": "analyzer"</c>) whose analyzers and generators run in this package's
    /// compile, by module-relative directory (<c>"analyzers": ["gen/locales"]</c>, a ProjectReference with
    /// <c>OutputItemType="Analyzer"</c>).
    /// </summary>
    public IReadOnlyList<string> Analyzers { get; init; } = [];

    /// <summary>
    /// For an executable, assemblies a trim keeps whole (<c>trimmerRoots</c>, the SDK's <c>TrimmerRootAssembly</c>
    /// items), by assembly name: one of the module's libraries or a NuGet package's assembly.
    /// </summary>
    public IReadOnlyList<string> TrimmerRoots { get; init; } = [];

    internal static readonly string[] KnownFields = ["name", "kind", "internalsVisibleTo", "embed", "copy", "analyzers", "trimmerRoots", Deps.PackageRequirement.FieldName, Deps.PackageRequirement.TestFieldName, .. SourceGlobs.FieldNames, .. CompileSettings.FieldNames];

    /// <summary>The manifest of a package without its own crossbuild.json.</summary>
    public static PackageManifest Implicit(CompileSettings defaults) => new(null, null, [], defaults);

    /// <summary>Reads and validates a package manifest.</summary>
    internal static PackageManifest Read(ManifestJson json, CompileSettings defaults)
    {
        json.RejectUnknown(KnownFields, "package manifest");
        var name = json.String("name");
        if (name is not null && !PackageNaming.IsValidAssemblyName(name))
            throw json.Error(json.Get("name")!, $"package name \"{name}\" is not a valid assembly name");
        var kind = json.OneOf("kind", "exe", "lib", "analyzer") switch
        {
            "exe" => PackageKind.Exe,
            "lib" => PackageKind.Lib,
            "analyzer" => PackageKind.Analyzer,
            _ => (PackageKind?)null,
        };
        return new PackageManifest(name, kind, json.StringArray("internalsVisibleTo") ?? [], defaults.OverriddenBy(json))
        {
            Packages = Deps.PackageRequirement.Read(json),
            TestPackages = Deps.PackageRequirement.Read(json, Deps.PackageRequirement.TestFieldName),
            Sources = SourceGlobs.Read(json),
            Embeds = EmbedItem.Read(json),
            Copies = CopyItem.Read(json),
            Analyzers = AnalyzersOf(json, kind),
            TrimmerRoots = TrimmerRootsOf(json),
        };
    }

    private static IReadOnlyList<string> TrimmerRootsOf(ManifestJson json)
    {
        var names = json.StringArray("trimmerRoots") ?? [];
        foreach (var n in names)
            if (!PackageNaming.IsValidAssemblyName(n))
                throw json.Error(json.Get("trimmerRoots")!, $"field \"trimmerRoots\" has \"{n}\", which is not an assembly name (such as Acme.Plugins)");
        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    // Module-relative directories, '/'-separated, as package patterns name them without "./".
    private static IReadOnlyList<string> AnalyzersOf(ManifestJson json, PackageKind? kind)
    {
        if (json.StringArray("analyzers") is not { } dirs) return [];
        if (kind == PackageKind.Analyzer)
            throw json.Error(json.Get("analyzers")!, "an analyzer package cannot use \"analyzers\" of its own");
        var result = new List<string>();
        foreach (var raw in dirs)
        {
            var dir = raw.Replace('\\', '/').Trim('/');
            if (dir.StartsWith("./", StringComparison.Ordinal)) dir = dir[2..];
            if (dir.Length == 0 || Path.IsPathRooted(raw) || dir.Split('/').Any(s => s is "" or "." or ".."))
                throw json.Error(json.Get("analyzers")!, $"field \"analyzers\" has \"{raw}\"; expected a package directory relative to the module root, such as gen/locales");
            if (!result.Contains(dir, StringComparer.Ordinal)) result.Add(dir);
        }
        return result;
    }
}

/// <summary>
/// An <c>embed</c> entry: a glob of files to embed with the SDK's manifest resource names, or one file with an
/// explicit name (<c>{"file": "tz.bin", "name": "Acme.TimeZones"}</c>, the SDK's <c>LogicalName</c>).
/// </summary>
/// <param name="Glob">The files.</param>
/// <param name="Name">The manifest resource name, for a single file; null for the SDK's.</param>
public sealed record EmbedItem(ManifestGlob Glob, string? Name)
{
    internal static IReadOnlyList<EmbedItem> Read(ManifestJson json) =>
        FileEntries.Read(json, "embed", "name", (field, pattern, name) =>
        {
            if (name is { Length: 0 } || name is not null && pattern.IndexOfAny(['*', '?']) >= 0)
                throw json.Error(field, $"field \"embed\" names \"{pattern}\" with a name; a name needs one file and must not be empty");
            if (pattern.EndsWith(".resx", StringComparison.OrdinalIgnoreCase))
                throw json.Error(field, $"field \"embed\" has \"{pattern}\"; a package's .resx files are compiled and embedded already");
        }).Select(e => new EmbedItem(e.Glob, e.Value)).ToArray();
}

/// <summary>
/// A <c>copy</c> entry: a glob of files copied into the output folder of every executable that uses the package,
/// at their path relative to the package (a file from outside it at its file name), as the SDK copies
/// <c>CopyToOutputDirectory</c> items; or one file with an explicit place (<c>{"file": "../logo.png", "to": "assets/logo.png"}</c>,
/// the SDK's <c>Link</c>).
/// </summary>
/// <param name="Glob">The files.</param>
/// <param name="To">The path in the output folder, for a single file; null for the SDK's.</param>
public sealed record CopyItem(ManifestGlob Glob, string? To)
{
    internal static IReadOnlyList<CopyItem> Read(ManifestJson json) =>
        FileEntries.Read(json, "copy", "to", (field, pattern, to) =>
        {
            if (to is not null && (pattern.IndexOfAny(['*', '?']) >= 0 || !IsRelative(to.Replace('\\', '/'))))
                throw json.Error(field, $"field \"copy\" sends \"{pattern}\" to \"{to}\"; \"to\" needs one file and a relative path inside the output folder");
        }).Select(e => new CopyItem(e.Glob, e.Value?.Replace('\\', '/'))).ToArray();

    /// <summary>The files this entry copies from a package in <paramref name="packageDir"/>, with their output paths.</summary>
    internal IEnumerable<CopiedFile> Files(string packageDir, string moduleRoot) =>
        SourceGlobs.Files(Glob, packageDir, moduleRoot, "copy").Select(full =>
        {
            var rel = Path.GetRelativePath(packageDir, full).Replace('\\', '/');
            return new CopiedFile(full, To ?? (rel.StartsWith("../", StringComparison.Ordinal) ? Path.GetFileName(full) : rel));
        });

    private static bool IsRelative(string path) =>
        path.Length > 0 && !Path.IsPathRooted(path) && path.Split('/').All(s => s.Length > 0 && s != "." && s != "..");
}

/// <summary>
/// The shared form of <c>embed</c> and <c>copy</c>: an array of globs, or of <c>{"file": …, "&lt;second&gt;": …}</c>
/// objects naming one more value for a single file; every pattern relative to the manifest's directory.
/// </summary>
internal static class FileEntries
{
    /// <summary>
    /// Reads <paramref name="fieldName"/>; <paramref name="check"/> sees each pattern and its second value (null for a
    /// plain glob) and throws for a bad one.
    /// </summary>
    public static IReadOnlyList<(ManifestGlob Glob, string? Value)> Read(ManifestJson json, string fieldName, string second,
        Action<ManifestField, string, string?> check)
    {
        if (json.Get(fieldName) is not { } field) return [];
        var where = $"{json.DisplayPath}:{field.Line}:{field.Column}";
        var expected = $"field \"{fieldName}\" must be an array of globs or {{\"file\": \"…\", \"{second}\": \"…\"}} objects";
        if (field.Value.ValueKind != System.Text.Json.JsonValueKind.Array) throw json.Error(field, expected);
        var items = new List<(ManifestGlob, string?)>();
        foreach (var e in field.Value.EnumerateArray())
        {
            string? pattern, value = null;
            if (e.ValueKind == System.Text.Json.JsonValueKind.String) pattern = e.GetString();
            else if (e.ValueKind == System.Text.Json.JsonValueKind.Object &&
                     e.EnumerateObject().All(p => (p.Name == "file" || p.Name == second) && p.Value.ValueKind == System.Text.Json.JsonValueKind.String) &&
                     e.TryGetProperty("file", out var f))
            {
                pattern = f.GetString();
                value = e.TryGetProperty(second, out var v) ? v.GetString() : null;
            }
            else throw json.Error(field, expected);
            if (string.IsNullOrWhiteSpace(pattern) || Path.IsPathRooted(pattern))
                throw json.Error(field, $"field \"{fieldName}\" has \"{pattern}\"; expected a path or glob relative to this manifest's directory");
            check(field, pattern, value);
            items.Add((new ManifestGlob(pattern.Replace('\\', '/'), where), value));
        }
        return items;
    }
}
