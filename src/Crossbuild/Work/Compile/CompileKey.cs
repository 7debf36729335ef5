using Crossbuild.Common;
using Crossbuild.Cache;
using Crossbuild.Plan;

namespace Crossbuild.Work.Compile;

/// <summary>
/// The action ID of a compile: everything that can change its output, and nothing else. That is the tool and
/// Roslyn versions, the package's selected files and their contents, the options, only the preprocessor symbols
/// its directives read, the reference assemblies (not implementations) of its direct dependencies, the names of its
/// indirect ones, and its metadata. The RID is not in it: it matters only through files, symbols and metadata.
/// </summary>
/// <remarks>
/// Indirect references are checked after the lookup: the entry records the hashes of those the compilation
/// actually used, and a hit requires them unchanged. So a change to a library's public surface recompiles its
/// direct dependents, and goes no further when their reference assemblies come out the same.
/// </remarks>
public static class CompileKey
{
    /// <summary>The fact key under which an entry records a used indirect reference's hash.</summary>
    public const string UsedIndirectFact = "used-indirect";

    /// <summary>The ID inputs of <paramref name="action"/>, whose direct references compiled to <paramref name="direct"/>.</summary>
    public static ActionIdBuilder For(CompileAction action, IReadOnlyList<CompiledAssembly> direct)
    {
        var package = action.Package;
        var target = action.Target;
        var settings = package.Settings;
        var id = new ActionIdBuilder()
            .Add("action", "compile 1")
            .Add("tool", ToolVersion.Crossbuild)
            .Add("roslyn", ToolVersion.Roslyn)
            .Add("name", package.Name)
            .Add("kind", package.Kind.ToString())
            .Add("framework", target.Framework.Moniker)
            .Add("refpack", Packs.VersionOf(Packs.FindOrFetch(Packs.ReferencePackName, target.Framework, package.FullDir)))
            .Add("configuration", target.Configuration)
            .Add("options", $"nullable={settings.Nullable} lang={settings.LangVersion ?? "default"} implicitUsings={settings.ImplicitUsings} " +
                            $"unsafe={settings.AllowUnsafe} warnaserror={settings.WarningsAsErrors} windowsGui={settings.WindowsGui}")
            .Add("dir", package.Dir)
            // Without --trimpath the PDB and CallerFilePath hold absolute paths.
            .Add("root", action.TrimPathRoot is null ? package.FullDir : "/_/");
        var defined = package.SymbolsThatMatter(target, action.References.Select(r => r.Package));
        id.Add("symbols", string.Join(' ', defined));
        foreach (var friend in package.Manifest.InternalsVisibleTo) id.Add("ivt", friend);
        foreach (var (k, v) in action.Metadata) id.Add("metadata", k + "=" + v);
        for (var i = 0; i < package.Files.Count; i++)
            id.Add("file", package.Files[i] + " " + package.Hashes[i]);
        foreach (var d in direct)
            id.Add("ref", d.Name + " " + d.ReferenceHash);
        // A package is its nupkg's hash: the global folder's files were verified against it when extracted.
        foreach (var p in action.Packages)
            id.Add("nuget", p.Package.Key + " " + p.Sha512);
        var directNames = direct.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var indirect in action.References.Where(r => !directNames.Contains(r.Package.Name)))
            id.Add("indirect", indirect.Package.Name);
        return id;
    }
}
