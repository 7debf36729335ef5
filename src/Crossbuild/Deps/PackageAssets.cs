using Crossbuild.Diagnostics;
using NuGet.Client;
using NuGet.ContentModel;
using Microsoft.Extensions.FileSystemGlobbing;
using NuGet.Frameworks;

namespace Crossbuild.Deps;

/// <summary>A file of a package that goes into an app, by its path inside the package.</summary>
/// <param name="PackagePath">The '/'-separated path inside the package, e.g. <c>lib/net8.0/A.dll</c>.</param>
/// <param name="FullPath">The file in the global packages folder.</param>
/// <param name="Rid">For a portable app's RID-specific asset (deps.json <c>runtimeTargets</c>), its RID.</param>
/// <param name="Native">Whether it is a native library rather than a managed assembly.</param>
public sealed record PackageFile(string PackagePath, string FullPath, string? Rid = null, bool Native = false)
{
    /// <summary>The assembly version deps.json records (managed files), read at selection.</summary>
    public string? AssemblyVersion { get; init; }

    /// <summary>The file version deps.json records, read at selection.</summary>
    public string FileVersion { get; init; } = "0.0.0.0";

    /// <summary>For a satellite resource assembly, its culture (<c>lib/&lt;tfm&gt;/&lt;locale&gt;/X.resources.dll</c>).</summary>
    public string? Locale { get; init; }

    /// <summary>
    /// Where it goes in the output folder: the file name, <c>&lt;locale&gt;/</c> and the name for a resource
    /// assembly, or <c>runtimes/…</c> for a runtime target.
    /// </summary>
    public string OutputPath => Rid is not null ? PackagePath
        : Locale is not null ? Locale + "/" + Path.GetFileName(PackagePath)
        : Path.GetFileName(PackagePath);
}

/// <summary>What one package contributes to one target, selected with NuGet's own conventions as restore does.</summary>
/// <param name="Package">The resolved package.</param>
/// <param name="Folder">Its folder in the global packages folder.</param>
/// <param name="Sha512">The nupkg's <c>sha512-…</c> hash.</param>
/// <param name="Compile">Compile references (<c>ref/</c>, else <c>lib/</c>), full paths.</param>
/// <param name="Runtime">Managed runtime assemblies and native libraries for the app's folder.</param>
/// <param name="Analyzers">C# analyzers and source generators (<c>analyzers/dotnet/cs</c>), full paths.</param>
public sealed record PackageAssets(ResolvedPackage Package, string Folder, string Sha512, IReadOnlyList<string> Compile,
    IReadOnlyList<PackageFile> Runtime, IReadOnlyList<string> Analyzers)
{
    /// <summary>
    /// Source files the package contributes (<c>contentFiles/cs|any/&lt;tfm&gt;/…</c> with the nuspec's build action
    /// <c>Compile</c>, the default, whatever their extension), full paths: a source-only package's code, compiled into
    /// the package that uses it.
    /// </summary>
    public IReadOnlyList<string> ContentCompile { get; init; } = [];

    /// <summary>Content files the nuspec marks <c>copyToOutput</c>, with their paths in an app's folder.</summary>
    public IReadOnlyList<(string FullPath, string OutputPath)> ContentCopies { get; init; } = [];

    /// <summary>
    /// The shared frameworks the nuspec's <c>frameworkReferences</c> group nearest the framework names
    /// (<c>Microsoft.AspNetCore.App</c>): a package built on ASP.NET Core brings that framework to what uses it.
    /// </summary>
    public IReadOnlyList<string> FrameworkReferences { get; init; } = [];

    /// <summary>The asset types these assets were left with (<see cref="Only"/>); all when selected.</summary>
    public AssetFlags Flags { get; init; } = AssetFlags.All;

    /// <summary>
    /// These assets with only <paramref name="flags"/> kept, as a PackageReference's <c>includeAssets</c> and the
    /// <c>privateAssets</c> of an imported package's leave them.
    /// </summary>
    public PackageAssets Only(AssetFlags flags) => flags == AssetFlags.All ? this : this with
    {
        Compile = flags.HasFlag(AssetFlags.Compile) ? Compile : [],
        Runtime = Runtime.Where(f => flags.HasFlag(f.Native ? AssetFlags.Native : AssetFlags.Runtime)).ToArray(),
        Analyzers = flags.HasFlag(AssetFlags.Analyzers) ? Analyzers : [],
        ContentCompile = flags.HasFlag(AssetFlags.ContentFiles) ? ContentCompile : [],
        ContentCopies = flags.HasFlag(AssetFlags.ContentFiles) ? ContentCopies : [],
        Flags = flags,
    };

    private static readonly Lazy<ManagedCodeConventions> Conventions = new(() => new ManagedCodeConventions(Targets.RidGraph.NuGet));

    /// <summary>
    /// Selects <paramref name="package"/>'s assets for <paramref name="framework"/> and, for a RID-specific app,
    /// <paramref name="rid"/>; a portable app (null RID) gets every RID's assets as runtime targets.
    /// </summary>
    public static PackageAssets Select(ResolvedPackage package, string folder, string sha512, NuGetFramework framework, string? rid)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => f.Contains('/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var items = new ContentItemCollection();
        items.Load(files);
        var conventions = Conventions.Value;
        var criteria = rid is null ? conventions.Criteria.ForFramework(framework) : conventions.Criteria.ForFrameworkAndRuntime(framework, rid);

        var compileGroup = items.FindBestItemGroup(criteria, conventions.Patterns.CompileRefAssemblies, conventions.Patterns.CompileLibAssemblies);
        var runtimeGroup = items.FindBestItemGroup(criteria, conventions.Patterns.RuntimeAssemblies);
        if (compileGroup is null && runtimeGroup is null && Frameworks(items, conventions) is { Count: > 0 } offered)
            throw new CrossbuildException(
                $"package {package.Id} {package.Version} is not compatible with {framework.GetShortFolderName()}; it supports: {string.Join(", ", offered)}");

        var runtime = Files(runtimeGroup, folder, native: false)
            .Concat(Files(items.FindBestItemGroup(criteria, conventions.Patterns.NativeLibraries), folder, native: true))
            .ToList();
        if (rid is null) runtime.AddRange(RuntimeTargets(items, conventions, framework, folder));
        runtime.AddRange((items.FindBestItemGroup(criteria, conventions.Patterns.ResourceAssemblies)?.Items ?? [])
            .Where(i => i.Properties.TryGetValue("locale", out var l) && l is string)
            .Select(i => new PackageFile(i.Path, Path.Combine(folder, i.Path.Replace('/', Path.DirectorySeparatorChar))) { Locale = (string)i.Properties["locale"] })
            .OrderBy(f => f.PackagePath, StringComparer.Ordinal));
        var versioned = runtime.Select(f =>
        {
            var (assemblyVersion, fileVersion) = Common.AssemblyVersions.Read(f.FullPath);
            return f with { AssemblyVersion = f.Native ? null : assemblyVersion, FileVersion = fileVersion };
        }).ToArray();
        var (contentCompile, contentCopies) = ContentFiles(items, conventions, framework, folder, package);
        return new PackageAssets(package, folder, sha512,
            Files(compileGroup, folder, false).Select(f => f.FullPath).ToArray(), versioned, AnalyzerFiles(files, folder))
        {
            ContentCompile = contentCompile,
            ContentCopies = contentCopies,
            FrameworkReferences = FrameworkReferencesOf(folder, framework),
        };
    }

    // The nuspec's frameworkReferences group for the nearest framework, as restore picks it.
    private static string[] FrameworkReferencesOf(string folder, NuGetFramework framework)
    {
        var nuspecPath = Directory.EnumerateFiles(folder, "*.nuspec").FirstOrDefault();
        if (nuspecPath is null) return [];
        var groups = new NuGet.Packaging.NuspecReader(nuspecPath).GetFrameworkRefGroups().ToArray();
        var nearest = NuGetFrameworkUtility.GetNearest(groups, framework, g => g.TargetFramework);
        return nearest?.FrameworkReferences.Select(r => r.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray() ?? [];
    }

    // Restore's content files: per code language the group of the nearest framework; of those, C#'s when the
    // package has any, else the language-neutral "any" ones (as the SDK's ProduceContentAssets picks them); then the
    // nuspec's <contentFiles> entries, the last matching one winning per attribute.
    private static (string[] Compile, (string, string)[] Copies) ContentFiles(ContentItemCollection items, ManagedCodeConventions conventions,
        NuGetFramework framework, string folder, ResolvedPackage package)
    {
        var found = new List<ContentItemGroup>();
        items.PopulateItemGroups(conventions.Patterns.ContentFiles, found);
        var groups = found
            .GroupBy(g => (string)g.Properties[ManagedCodeConventions.PropertyNames.CodeLanguage], StringComparer.OrdinalIgnoreCase)
            .Select(byLanguage => (Language: byLanguage.Key, Group: NuGetFrameworkUtility.GetNearest(byLanguage, framework,
                g => (NuGetFramework)g.Properties[ManagedCodeConventions.PropertyNames.TargetFrameworkMoniker])))
            .Where(x => x.Group is not null)
            .ToArray();
        var chosen = groups.FirstOrDefault(g => g.Language.Equals("cs", StringComparison.OrdinalIgnoreCase)).Group
                     ?? groups.FirstOrDefault(g => g.Language.Equals("any", StringComparison.OrdinalIgnoreCase)).Group;
        if (chosen is null) return ([], []);
        var nuspecPath = Directory.EnumerateFiles(folder, "*.nuspec").FirstOrDefault();
        var entries = nuspecPath is null ? [] : new NuGet.Packaging.NuspecReader(nuspecPath).GetContentFiles().ToArray();
        var compile = new List<string>();
        var copies = new List<(string, string)>();
        foreach (var item in chosen.Items.OrderBy(i => i.Path, StringComparer.Ordinal))
        {
            if (item.Path.EndsWith("/_._", StringComparison.Ordinal)) continue;
            var relative = item.Path["contentFiles/".Length..];
            string action = "Compile";
            bool copy = false, flatten = false;
            foreach (var e in entries)
            {
                var matcher = new Matcher(StringComparison.OrdinalIgnoreCase);
                matcher.AddInclude(e.Include);
                if (e.Exclude is not null) matcher.AddExclude(e.Exclude);
                if (!matcher.Match(relative).HasMatches) continue;
                if (!string.IsNullOrEmpty(e.BuildAction)) action = e.BuildAction;
                if (e.CopyToOutput is { } c) copy = c;
                if (e.Flatten is { } f) flatten = f;
            }
            var full = Path.Combine(folder, item.Path.Replace('/', Path.DirectorySeparatorChar));
            // Whatever the extension: the SDK makes a Compile item of it.
            if (action.Equals("Compile", StringComparison.OrdinalIgnoreCase))
                compile.Add(full);
            if (copy)
                copies.Add((full, flatten ? Path.GetFileName(item.Path) : string.Join('/', item.Path.Split('/').Skip(3))));
        }
        _ = package;
        return ([.. compile], [.. copies]);
    }

    /// <summary>The selection as cache facts, with paths relative to the package folder.</summary>
    internal IEnumerable<KeyValuePair<string, string>> ToFacts()
    {
        string Rel(string full) => Path.GetRelativePath(Folder, full).Replace('\\', '/');
        foreach (var c in Compile) yield return new("compile", Rel(c));
        foreach (var a in Analyzers) yield return new("analyzer", Rel(a));
        foreach (var c in ContentCompile) yield return new("contentcompile", Rel(c));
        foreach (var f in FrameworkReferences) yield return new("frameworkreference", f);
        foreach (var (full, output) in ContentCopies) yield return new("contentcopy", Rel(full) + "\t" + output);
        foreach (var f in Runtime)
            yield return new("runtime", string.Join('\t', f.PackagePath, f.Rid ?? "", f.Native ? "native" : "managed", f.AssemblyVersion ?? "", f.FileVersion, f.Locale ?? ""));
    }

    /// <summary>The selection <see cref="ToFacts"/> recorded, for <paramref name="package"/> extracted at <paramref name="folder"/>.</summary>
    internal static PackageAssets FromFacts(ResolvedPackage package, string folder, string sha512, IEnumerable<KeyValuePair<string, string>> facts)
    {
        string Full(string rel) => Path.Combine(folder, rel.Replace('/', Path.DirectorySeparatorChar));
        var compile = new List<string>();
        var analyzers = new List<string>();
        var runtime = new List<PackageFile>();
        var contentCompile = new List<string>();
        var contentCopies = new List<(string, string)>();
        var frameworkReferences = new List<string>();
        foreach (var (kind, value) in facts)
            switch (kind)
            {
                case "frameworkreference": frameworkReferences.Add(value); break;
                case "contentcompile": contentCompile.Add(Full(value)); break;
                case "contentcopy":
                    var parts = value.Split('\t');
                    contentCopies.Add((Full(parts[0]), parts[1]));
                    break;
                case "compile": compile.Add(Full(value)); break;
                case "analyzer": analyzers.Add(Full(value)); break;
                case "runtime":
                    var p = value.Split('\t');
                    runtime.Add(new PackageFile(p[0], Full(p[0]), p[1] == "" ? null : p[1], p[2] == "native")
                    {
                        AssemblyVersion = p[3] == "" ? null : p[3],
                        FileVersion = p[4],
                        Locale = p[5] == "" ? null : p[5],
                    });
                    break;
            }
        return new PackageAssets(package, folder, sha512, compile, runtime, analyzers)
        {
            ContentCompile = contentCompile,
            ContentCopies = contentCopies,
            FrameworkReferences = frameworkReferences,
        };
    }

    // A portable app carries every RID's assets under runtimes/, listed in deps.json's runtimeTargets.
    private static IEnumerable<PackageFile> RuntimeTargets(ContentItemCollection items, ManagedCodeConventions conventions,
        NuGetFramework framework, string folder)
    {
        var rids = items.FindItems(conventions.Patterns.NativeLibraries)
            .Concat(items.FindItems(conventions.Patterns.RuntimeAssemblies))
            .Select(i => i.Properties.GetValueOrDefault("rid") as string)
            .OfType<string>().Distinct().Order(StringComparer.Ordinal);
        foreach (var rid in rids)
        {
            var criteria = conventions.Criteria.ForFrameworkAndRuntime(framework, rid);
            foreach (var (pattern, native) in new[] { (conventions.Patterns.RuntimeAssemblies, false), (conventions.Patterns.NativeLibraries, true) })
            {
                var group = items.FindBestItemGroup(criteria, pattern);
                if (group is null || (group.Properties.TryGetValue("rid", out var r) ? r as string : null) != rid) continue;
                foreach (var f in Files(group, folder, native))
                    yield return f with { Rid = rid };
            }
        }
    }

    private static IEnumerable<PackageFile> Files(ContentItemGroup? group, string folder, bool native) =>
        group is null
            ? []
            : group.Items
                .Where(i => !i.Path.EndsWith("/_._", StringComparison.Ordinal))
                .Where(i => native || i.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || i.Path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
                .Select(i => new PackageFile(i.Path, Path.Combine(folder, i.Path.Replace('/', Path.DirectorySeparatorChar)), Native: native))
                .OrderBy(f => f.PackagePath, StringComparer.Ordinal);

    private static List<string> Frameworks(ContentItemCollection items, ManagedCodeConventions conventions) =>
        items.FindItems(conventions.Patterns.CompileLibAssemblies)
            .Concat(items.FindItems(conventions.Patterns.CompileRefAssemblies))
            .Select(i => i.Properties.GetValueOrDefault("tfm") as NuGetFramework)
            .OfType<NuGetFramework>()
            .Select(f => f.GetShortFolderName())
            .Distinct().Order(StringComparer.Ordinal).ToList();

    // analyzers/dotnet/cs/*.dll and language-neutral analyzers/dotnet/*.dll; from Roslyn-versioned folders
    // (analyzers/dotnet/roslynX.Y/cs) only the highest version this compiler supports, as the SDK picks them.
    private static string[] AnalyzerFiles(IReadOnlyList<string> files, string folder)
    {
        var roslyn = Version.Parse(ToolVersion.Roslyn.Split('-')[0]);
        var versioned = files
            .Select(f => f.Split('/'))
            .Where(p => p.Length >= 4 && p[0] == "analyzers" && p[1] == "dotnet" && p[2].StartsWith("roslyn", StringComparison.Ordinal)
                        && Version.TryParse(p[2]["roslyn".Length..], out var v) && v <= roslyn)
            .Select(p => p[2])
            .Distinct()
            .OrderByDescending(p => Version.Parse(p["roslyn".Length..]))
            .FirstOrDefault();
        var dirs = versioned is null
            ? new[] { "analyzers/dotnet/cs/", "analyzers/dotnet/" }
            : [$"analyzers/dotnet/{versioned}/cs/", $"analyzers/dotnet/{versioned}/"];
        return files
            .Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) &&
                        dirs.Any(d => f.StartsWith(d, StringComparison.Ordinal) && !f[d.Length..].Contains('/')))
            .Select(f => Path.Combine(folder, f.Replace('/', Path.DirectorySeparatorChar)))
            .ToArray();
    }
}
