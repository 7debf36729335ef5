using Crossbuild.Common;
using Crossbuild.Deps;
using Crossbuild.Load;
using Crossbuild.Targets;

namespace Crossbuild.Plan;

/// <summary>
/// A compile's identity, computed in one place: everything its output depends on except the reference assemblies
/// of its references, which the planner stands in for with their own identities (to decide which targets share a
/// compile) and the executor fills in with their hashes (the cache key, <see cref="Work.Compile.CompileKey"/>).
/// Since both use this and add the same references in the same order, two targets share a compile action exactly
/// when their cache keys are equal.
/// </summary>
/// <remarks>
/// Identity and compiler input are kept equal: the compile is given exactly the symbols named here
/// (<see cref="Target.CompileSymbols"/>) and exactly the references the key lists, so a cache hit has the bytes a
/// fresh compile would have (the PDB records every symbol and every reference's MVID).
/// </remarks>
public static class CompileIdentity
{
    /// <summary>The version of the identity's format; bump it when what it covers changes.</summary>
    private const string Format = "compile 4";

    /// <summary>The identity's text for a compile of <paramref name="package"/> with these inputs.</summary>
    /// <param name="package">The package, as loaded for <paramref name="target"/>.</param>
    /// <param name="target">The target.</param>
    /// <param name="symbols">The preprocessor symbols the compile is given (<see cref="Target.CompileSymbols"/>).</param>
    /// <param name="metadata">The <c>AssemblyMetadata</c> pairs it embeds.</param>
    /// <param name="trimPathRoot">With <c>--trimpath</c>, the module root mapped to <c>/_/</c>.</param>
    /// <param name="referencePack">The framework reference pack's version.</param>
    /// <param name="packages">The NuGet packages it compiles against.</param>
    /// <param name="version">A release's version for its assembly info, if any.</param>
    /// <param name="sharedFrameworks">The shared frameworks beyond Microsoft.NETCore.App, with their reference packs' versions.</param>
    /// <param name="contentSources">Source files of its packages it compiles (source-only packages).</param>
    /// <param name="test">For a test assembly, its generated harness (its sources and references follow from the packages).</param>
    public static string Of(Package package, Target target, IReadOnlyList<string> symbols, IReadOnlyList<KeyValuePair<string, string>> metadata,
        string? trimPathRoot, string referencePack, IReadOnlyList<PackageAssets> packages, string? version = null,
        IReadOnlyList<(string Name, string PackVersion)>? sharedFrameworks = null, IReadOnlyList<string>? contentSources = null,
        Test.TestHarness? test = null)
    {
        var id = new ActionIdBuilder()
            .Add("action", Format)
            .Add("tool", ToolVersion.Crossbuild)
            .Add("roslyn", ToolVersion.Roslyn)
            .Add("name", package.Name)
            .Add("kind", package.Kind.ToString())
            .Add("framework", target.Framework.Moniker)
            .Add("refpack", referencePack)
            .Add("configuration", target.Configuration)
            .Add("options", package.Settings.Key)
            .Add("dir", package.Dir)
            // Without --trimpath the PDB and CallerFilePath hold absolute paths.
            .Add("root", trimPathRoot is null ? package.FullDir : "/_/")
            .Add("symbols", string.Join(' ', symbols))
            .Add("version", version ?? "");
        foreach (var (name, pack) in sharedFrameworks ?? []) id.Add("sharedframework", name + " " + pack);
        foreach (var friend in package.Manifest.InternalsVisibleTo) id.Add("ivt", friend);
        foreach (var (k, v) in metadata) id.Add("metadata", k + "=" + v);
        for (var i = 0; i < package.Files.Count; i++) id.Add("file", package.Files[i] + " " + package.Hashes[i]);
        foreach (var r in package.Resources) id.Add("resource", $"{r.Kind} {r.Name} {r.Culture} {r.Hash}");
        // Config sections match by path, so where a config or additional file lies is part of what it means.
        foreach (var c in package.AnalyzerInputs.Configs) id.Add("analyzerconfig", c.FullPath + " " + c.Hash);
        foreach (var f in package.AnalyzerInputs.AdditionalFiles) id.Add("additionalfile", f.FullPath + " " + f.Hash);
        // A package is its nupkg's hash: the global folder's files were verified against it when extracted.
        foreach (var p in packages) id.Add("nuget", p.Package.Key + " " + p.Sha512 + (p.Flags == AssetFlags.All ? "" : " " + AssetFlagNames.Format(p.Flags)));
        // Which of those packages' content files it compiles (their bytes are covered by the packages' hashes).
        // Their paths are in the PDB.
        foreach (var c in contentSources ?? []) id.Add("content", c);
        if (test is not null)
        {
            id.Add("test", test.Framework + " " + test.MainTypeName);
            foreach (var (name, text) in test.Sources) id.Add("testsource", name + " " + ContentHash.Of(text));
            foreach (var u in test.Usings) id.Add("testusing", u);
            foreach (var r in test.References) id.Add("testref", r);
            foreach (var (name, value) in test.RuntimeOptions) id.Add("testoption", name + "=" + value);
            foreach (var (path, output) in test.Copies.Concat(test.TargetFiles)) id.Add("testcopy", output + " " + path);
        }
        // Generators and analyzers see the project directory (build_property.ProjectDir) even under --trimpath.
        if (trimPathRoot is not null && (packages.Any(p => p.Analyzers.Count > 0) || package.AnalyzerInputs != AnalyzerInputs.None))
            id.Add("projectdir", package.FullDir);
        return id.Text;
    }

    /// <summary>
    /// The ID of <paramref name="identity"/> compiled against <paramref name="references"/>: one
    /// <c>name value</c> per reference, in the order of <see cref="CompileAction.References"/>. The planner passes
    /// each reference's own ID, the executor its reference assembly's hash.
    /// </summary>
    /// <param name="identity">The compile's identity.</param>
    /// <param name="references">Each reference's name and value.</param>
    /// <param name="analyzers">Each analyzer package's name and value, in the order of <see cref="CompileAction.Analyzers"/>:
    /// the planner passes its ID, the executor its implementation's hash (what the compiler runs).</param>
    public static string WithReferences(string identity, IEnumerable<(string Name, string Value)> references,
        IEnumerable<(string Name, string Value)>? analyzers = null)
    {
        var id = new ActionIdBuilder(identity);
        foreach (var (name, value) in references) id.Add("ref", name + " " + value);
        foreach (var (name, value) in analyzers ?? []) id.Add("analyzer", name + " " + value);
        return id.Id;
    }
}
