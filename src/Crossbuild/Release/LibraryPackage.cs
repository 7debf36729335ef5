using System.Globalization;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Licenses;
using NuGet.Versioning;

namespace Crossbuild.Release;

/// <summary>One framework's build of a library, as packed.</summary>
/// <param name="Framework">The framework's moniker, the <c>lib/</c> folder's name.</param>
/// <param name="Assembly">The implementation assembly.</param>
/// <param name="Pdb">Its PDB, if any.</param>
/// <param name="Satellites">Its satellite assemblies by culture.</param>
/// <param name="Dependencies">The framework's dependency group.</param>
public sealed record LibraryBuild(string Framework, byte[] Assembly, byte[]? Pdb, IReadOnlyList<(string Culture, byte[] Image)> Satellites,
    IReadOnlyList<PackageDependency> Dependencies);

/// <summary>
/// Packs a library as a <c>.nupkg</c> (its assembly under <c>lib/&lt;tfm&gt;/</c>, one folder per framework) and a <c>.snupkg</c> (its PDB), with
/// NuGet.Packaging's <c>PackageBuilder</c> in deterministic mode at the release time. Dependencies come from the
/// manifests: the NuGet packages the library asks for (with the ranges asked) and the module libraries it imports
/// (released together, at the same version).
/// </summary>
public static class LibraryPackage
{
    /// <summary>Writes <c>&lt;id&gt;.&lt;version&gt;.nupkg</c> and <c>.snupkg</c> into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Nupkg, string? Snupkg) Write(string directory, string id, byte[] assembly, byte[]? pdb, string framework,
        ReleaseVersion version, ReleaseManifest meta, string moduleRoot, string moduleName, IEnumerable<PackageDependency> dependencies,
        IReadOnlyList<(string Culture, byte[] Image)>? satellites = null) =>
        Write(directory, id, [new LibraryBuild(framework, assembly, pdb, satellites ?? [], dependencies.ToArray())], version, meta, moduleRoot, moduleName);

    /// <summary>
    /// Writes <c>&lt;id&gt;.&lt;version&gt;.nupkg</c> with a <c>lib/&lt;tfm&gt;/</c> folder and a dependency group per build, in
    /// the order given (as <c>dotnet pack</c> of a multi-targeted project), and the <c>.snupkg</c> with their PDBs.
    /// </summary>
    public static (string Nupkg, string? Snupkg) Write(string directory, string id, IReadOnlyList<LibraryBuild> builds,
        ReleaseVersion version, ReleaseManifest meta, string moduleRoot, string moduleName)
    {
        var nupkg = Path.Combine(directory, $"{id}.{version.Version}.nupkg");
        var package = Builder(id, version, meta, moduleName);
        foreach (var build in builds)
        {
            var framework = build.Framework;
            package.DependencyGroups.Add(new PackageDependencyGroup(NuGetFramework.Parse(framework), build.Dependencies.OrderBy(d => d.Id, StringComparer.OrdinalIgnoreCase)));
            package.Files.Add(new PhysicalPackageFile(new MemoryStream(build.Assembly)) { TargetPath = $"lib/{framework}/{id}.dll" });
            // Satellites beside the assembly, where dotnet pack puts them: lib/<tfm>/<culture>/<id>.resources.dll.
            foreach (var (culture, image) in build.Satellites)
                package.Files.Add(new PhysicalPackageFile(new MemoryStream(image)) { TargetPath = $"lib/{framework}/{culture}/{id}.resources.dll" });
        }
        if (meta.Readme is { } readme)
        {
            package.Readme = Path.GetFileName(readme);
            package.Files.Add(new PhysicalPackageFile { SourcePath = Load.ModulePaths.Resolve(moduleRoot, readme, "crossbuild.json: release.readme"), TargetPath = Path.GetFileName(readme) });
        }
        if (meta.Icon is { } icon)
        {
            package.Icon = Path.GetFileName(icon);
            package.Files.Add(new PhysicalPackageFile { SourcePath = Load.ModulePaths.Resolve(moduleRoot, icon, "crossbuild.json: release.icon"), TargetPath = Path.GetFileName(icon) });
        }
        Save(package, nupkg);
        if (builds.All(b => b.Pdb is null)) return (nupkg, null);

        var snupkg = Path.Combine(directory, $"{id}.{version.Version}.snupkg");
        var symbols = Builder(id, version, meta, moduleName);
        symbols.PackageTypes = [PackageType.SymbolsPackage];
        foreach (var build in builds.Where(b => b.Pdb is not null))
            symbols.Files.Add(new PhysicalPackageFile(new MemoryStream(build.Pdb!)) { TargetPath = $"lib/{build.Framework}/{id}.pdb" });
        Save(symbols, snupkg);
        return (nupkg, snupkg);
    }

    private static PackageBuilder Builder(string id, ReleaseVersion version, ReleaseManifest meta, string moduleName) =>
        NewBuilder(id, version, meta, moduleName);

    /// <summary>A deterministic builder at the release time with the release section's metadata.</summary>
    internal static PackageBuilder NewBuilder(string id, ReleaseVersion version, ReleaseManifest meta, string moduleName)
    {
        var builder = new PackageBuilder(deterministic: true)
        {
            Id = id,
            Version = NuGetVersion.Parse(version.Version),
            Description = meta.Description ?? $"{id}, part of {moduleName}",
            DeterministicTimestamp = version.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var a in meta.Authors.DefaultIfEmpty(moduleName)) builder.Authors.Add(a);
        if (meta.ProjectUrl is { } url) builder.ProjectUrl = new Uri(url);
        if (meta.License is { } license)
            builder.LicenseMetadata = new LicenseMetadata(LicenseType.Expression, license, NuGetLicenseExpression.Parse(license), null,
                LicenseMetadata.CurrentVersion);
        if (version.Commit is { } commit) builder.Repository = new RepositoryMetadata { Type = "git", Commit = commit };
        return builder;
    }

    /// <summary>Saves through a temp file; nothing is left behind on failure.</summary>
    internal static void Save(PackageBuilder builder, string path)
    {
        try
        {
            using (var stream = File.Create(path + ".tmp"))
                builder.Save(stream);
            File.Move(path + ".tmp", path, overwrite: true);
        }
        finally
        {
            File.Delete(path + ".tmp");
        }
    }
}
