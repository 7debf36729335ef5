using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Targets;
using Crossbuild.Work;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace Crossbuild.Release;

/// <summary>What <c>crossbuild release</c> is asked to do besides building.</summary>
/// <param name="Output">The release folder (<c>-o dist/</c>).</param>
public sealed record ReleaseOptions(string Output)
{
    /// <summary>The version; null to take it from git (see <see cref="ReleaseVersion"/>).</summary>
    public string? Version { get; init; }

    /// <summary>Whether a non-empty release folder may be emptied first (<c>--clean</c>).</summary>
    public bool Clean { get; init; }

    /// <summary>Whether each executable is also packed as a RID-specific dotnet tool (<c>--tool</c>).</summary>
    public bool Tool { get; init; }

    /// <summary>Whether each archive and package gets a CycloneDX SBOM beside it (<c>--sbom</c>).</summary>
    public bool Sbom { get; init; }

    /// <summary>Release folders to merge into one (<c>--merge DIR...</c>) instead of building.</summary>
    public IReadOnlyList<string> Merge { get; init; } = [];
}

/// <summary>The outcome of a release.</summary>
/// <param name="Version">The version and time.</param>
/// <param name="Directory">The release folder.</param>
/// <param name="Artifacts">Every artifact, sorted by name.</param>
/// <param name="Warnings">Warnings, one line each (uncommitted changes).</param>
public sealed record ReleaseResult(ReleaseVersion Version, string Directory, IReadOnlyList<ReleaseArtifact> Artifacts, IReadOnlyList<string> Warnings)
{
    /// <summary>The build behind it; null for a merge.</summary>
    public BuildResult? Build { get; init; }
}

/// <summary>
/// <c>crossbuild release</c>: builds the targets, then packs each executable per runtime into a reproducible archive,
/// each library into a nupkg and snupkg, and writes SHA256SUMS and release.json. With <c>--merge</c> it combines the
/// release folders of several matrix legs into one, checking every artifact's hash.
/// </summary>
public static class Releaser
{
    private const string Staging = ".crossbuild-staging";

    /// <summary>Releases what <paramref name="settings"/> name into <paramref name="options"/>' folder.</summary>
    public static ReleaseResult Release(CrossbuildSettings settings, ReleaseOptions options, IBuildReporter? reporter = null)
    {
        var dist = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(settings.WorkingDirectory, options.Output)));
        if (options.Merge.Count > 0) return Merge(dist, options, settings.WorkingDirectory);
        var module = Module.Find(settings.WorkingDirectory);
        var version = ReleaseVersion.Resolve(module.Root, options.Version);
        var warnings = new List<string>();
        if (version.Dirty)
            warnings.Add($"release: the checkout has uncommitted changes; releasing them as {version.Version}");
        // Every file the manifest names is checked (inside the module, no symlink out of it) before anything is written.
        var meta = module.Manifest.Release;
        var extras = meta.Files.Select(f => new ArchiveEntry(Path.GetFileName(f), ExtraFile(module, f), false)).ToArray();
        foreach (var (path, field) in new[] { (meta.Readme, "readme"), (meta.Icon, "icon") })
            if (path is not null) ModulePaths.Resolve(module.Root, path, $"{ModuleManifest.FileName}: release.{field}");
        PrepareFolder(dist, options.Clean);

        var staging = Path.Combine(dist, Staging);
        // --trimpath always: PDBs and CallerFilePath must not carry the checkout's path, or two checkouts differ.
        var build = settings.SetOutputDirectory(staging).SetKeepLibraries().SetTrimPath().SetVersion(version.Version)
            .AddValues("version=" + version.Version);
        // Every artifact names its runtime, so even a build for the host is RID-specific.
        var result = Builder.Build(build, reporter, TargetNeeds.RidSpecific, "release");
        if (!result.Succeeded)
            throw new CrossbuildBuildException(result, $"release: the build failed with {result.Diagnostics.Count(d => d.IsError) + result.Errors.Count} error(s)");

        var artifacts = new List<ReleaseArtifact>();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Claim(string name, string what)
        {
            if (!names.TryAdd(name, what))
                throw new CrossbuildException($"release: two artifacts named {name}: {names[name]} and {what}; put {{configuration}}, {{output}} or more into release.nameTemplate");
        }
        foreach (var target in result.Targets)
            foreach (var app in target.Apps)
            {
                var folder = Path.GetDirectoryName(app.AppHostPath)!;
                var name = meta.ArchiveName(app.Name, version.Version, app.Runtime, target.Target.Configuration, app.Output) + "." + Archive.ExtensionFor(app.Runtime);
                Claim(name, $"{app.PackageDir} for {target.Target}{(app.Output.IsDefault ? "" : " " + app.Output)}");
                var entries = app.Files
                    .Select(f => new ArchiveEntry(Path.GetRelativePath(folder, f).Replace('\\', '/'), f, f == app.AppHostPath))
                    .Concat(extras);
                var path = Path.Combine(dist, name);
                Archive.Write(path, entries, version.Time);
                artifacts.Add(ReleaseIndex.Describe(path, "archive", app.Runtime));
                if (options.Sbom)
                    artifacts.Add(ReleaseIndex.Describe(Sbom.Write(path, module.Manifest.Name, "application", version, app.Runtime,
                        Sbom.Of(app, version.Version)), "sbom", app.Runtime));
            }

        if (options.Tool)
            foreach (var group in result.Targets.SelectMany(t => t.Apps.Select(a => (t.Target, App: a))).GroupBy(x => x.App.Name, StringComparer.Ordinal))
            {
                var builds = group.Select(x => new ToolPackage.RuntimeBuild(x.App.Runtime, Path.GetDirectoryName(x.App.AppHostPath)!,
                    Path.GetFileName(x.App.AppHostPath), x.App.Files)).DistinctBy(b => b.Rid).ToArray();
                Claim(group.Key + ".nupkg (tool)", group.First().App.PackageDir + " as a tool");
                foreach (var (path, rid) in ToolPackage.Write(dist, group.Key, group.First().Target.Framework.Moniker, version, meta,
                             module.Manifest.Name, builds))
                    artifacts.Add(ReleaseIndex.Describe(path, "tool", rid));
            }

        // One nupkg per library, with a lib/ folder for every framework the first target compiled it for.
        var first = result.Targets[0];
        var units = first.Loaded!.Units; // what the build loaded; not loaded again
        foreach (var group in first.Packages.Where(p => p.Kind == PackageKind.Lib && p.Image is not null).GroupBy(p => p.Dir, StringComparer.Ordinal))
        {
            var lib = group.First();
            Claim(lib.Name + ".nupkg", lib.Dir);
            var builds = group.Select(b =>
            {
                var unit = units.Units.First(u => u.Package.Dir == b.Dir && u.Target.Framework.Moniker == b.Framework);
                return new LibraryBuild(b.Framework, b.Image!, b.Pdb, b.Satellites, Dependencies(unit, units, version).ToArray());
            }).OrderBy(b => b.Framework, StringComparer.Ordinal).ToArray(); // dotnet pack's order: by folder name
            var (nupkg, snupkg) = LibraryPackage.Write(dist, lib.Name, builds, version, meta, module.Root, module.Manifest.Name);
            artifacts.Add(ReleaseIndex.Describe(nupkg, "nupkg", null));
            if (options.Sbom)
                artifacts.Add(ReleaseIndex.Describe(Sbom.Write(nupkg, module.Manifest.Name, "library", version, null,
                    Sbom.Of(group, version.Version)), "sbom", null));
            if (snupkg is not null) artifacts.Add(ReleaseIndex.Describe(snupkg, "snupkg", null));
        }
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); // absent when no executable was built
        ReleaseIndex.Write(dist, version, artifacts);
        return new ReleaseResult(version, dist, artifacts.OrderBy(a => a.Name, StringComparer.Ordinal).ToArray(), warnings) { Build = result };
    }

    // A library's package dependencies for one framework: the NuGet packages its manifests ask for, and the module
    // libraries it imports at that framework, released at the same version; each with the include or exclude
    // attribute dotnet pack writes for it (DependencyAssets).
    private static IEnumerable<PackageDependency> Dependencies(PackageUnit unit, UnitGraph units, ReleaseVersion version) =>
        unit.Load.Module.Manifest.Packages.Concat(unit.Package.Manifest.Packages)
            .Where(r => r.Private != Deps.AssetFlags.All) // privateAssets all: not a dependency, as dotnet pack leaves it out
            .GroupBy(r => r.Id, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var (include, exclude) = DependencyAssets.Of(g.First().Include, g.First().Private);
                return new PackageDependency(g.First().Id, g.OrderByDescending(r => r.Range.MinVersion).First().Range, include, exclude);
            })
            .Concat(units.References(unit).Where(r => unit.Package.Imports.Contains(r.Package.Dir, StringComparer.Ordinal) && r.Package.Kind == PackageKind.Lib)
                .Select(r => new PackageDependency(r.Package.Name, new VersionRange(NuGetVersion.Parse(version.Version)), [],
                    DependencyAssets.Of(Deps.AssetFlags.All, Deps.AssetFlagNames.DefaultPrivate).Exclude)));

    private static string ExtraFile(Module module, string relative) =>
        ModulePaths.Resolve(module.Root, relative, $"{ModuleManifest.FileName}: release.files");

    private static void PrepareFolder(string dist, bool clean)
    {
        if (File.Exists(dist)) throw new CrossbuildException($"release: {dist} is a file; -o must name a folder");
        if (Directory.Exists(dist) && Directory.EnumerateFileSystemEntries(dist).Any())
        {
            if (!clean) throw new CrossbuildException($"release: {dist} is not empty; pass --clean to replace its contents");
            foreach (var d in Directory.EnumerateDirectories(dist)) Directory.Delete(d, recursive: true);
            foreach (var f in Directory.EnumerateFiles(dist)) File.Delete(f);
        }
        Directory.CreateDirectory(dist);
    }

    private static ReleaseResult Merge(string dist, ReleaseOptions options, string workingDirectory)
    {
        PrepareFolder(dist, options.Clean);
        ReleaseVersion? version = null;
        var artifacts = new Dictionary<string, ReleaseArtifact>(StringComparer.OrdinalIgnoreCase);
        foreach (var leg in options.Merge.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(workingDirectory, d)))))
        {
            var (legVersion, legArtifacts) = ReleaseIndex.Read(leg);
            if (version is not null && legVersion.Version != version.Version)
                throw new CrossbuildException($"release --merge: {leg} is version {legVersion.Version}, the others {version.Version}");
            version ??= legVersion;
            foreach (var a in legArtifacts)
            {
                var source = Path.Combine(leg, a.Name);
                var actual = File.Exists(source) ? ReleaseIndex.Describe(source, a.Kind, a.Rid) : null;
                if (actual is null || actual.Sha256 != a.Sha256 || actual.Size != a.Size)
                    throw new CrossbuildException($"release --merge: {source} does not match its {ReleaseIndex.Json} (missing or changed)");
                if (artifacts.TryGetValue(a.Name, out var seen))
                {
                    if (seen.Sha256 != a.Sha256)
                        throw new CrossbuildException($"release --merge: two different artifacts named {a.Name}");
                    continue;
                }
                File.Copy(source, Path.Combine(dist, a.Name));
                artifacts[a.Name] = a;
            }
        }
        if (version is null) throw new CrossbuildException("release --merge: no release folders given");
        var list = artifacts.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToArray();
        ReleaseIndex.Write(dist, version, list);
        return new ReleaseResult(version, dist, list, []);
    }
}
