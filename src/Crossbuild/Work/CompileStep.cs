using Crossbuild.Cache;
using Crossbuild.Diagnostics;
using Crossbuild.Plan;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work;

/// <summary>
/// Runs a compile action through the cache: a hit reads the outputs (verified) and replays the warnings; a miss
/// compiles and stores. <c>-a</c> (<paramref name="force"/>) compiles every time and still stores.
/// </summary>
internal sealed class CompileStep(BuildCache cache, bool force, IBuildReporter reporter)
{
    /// <summary>Compiles <paramref name="action"/>; <paramref name="references"/> match <see cref="CompileAction.References"/>.</summary>
    public CompiledAssembly Run(CompileAction action, IReadOnlyList<CompiledAssembly> references)
    {
        var direct = action.References.Select((r, i) => (r, i))
            .Where(x => action.Package.Imports.Contains(x.r.Package.Dir, StringComparer.Ordinal))
            .Select(x => references[x.i]).ToArray();
        var id = CompileKey.For(action, direct).Id;
        if (!force && TryHit(action, id, references) is { } hit)
        {
            reporter.Diagnostics(action.Package, hit.Diagnostics);
            return hit;
        }

        reporter.Compiling(action.Package);
        reporter.Running(action);
        var fresh = CompileService.Compile(action, references);
        reporter.Diagnostics(action.Package, fresh.Diagnostics);
        if (fresh.Succeeded) Store(action, id, fresh, references, direct);
        return fresh;
    }

    private CompiledAssembly? TryHit(CompileAction action, string id, IReadOnlyList<CompiledAssembly> references)
    {
        var entry = cache.Get(id, reporter.CacheProblem);
        if (entry is null) return null;
        var byName = references.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var (key, value) in entry.Facts)
        {
            if (key != CompileKey.UsedIndirectFact) continue;
            var parts = value.Split(' ');
            if (!byName.TryGetValue(parts[0], out var current) || current.ReferenceHash != parts[1])
                return null; // an indirect reference the code used has changed
        }
        try
        {
            var referenceOutput = entry.Output("ref");
            var reference = cache.Read(referenceOutput);
            byte[]? image = null, pdb = null;
            if (action.NeedsImplementation)
            {
                image = cache.Read(entry.Output("dll"));
                pdb = cache.Read(entry.Output("pdb"));
            }
            var diagnostics = entry.Diagnostics.Select(d => Rebase(d, action.Package.FullDir)).ToArray();
            return new CompiledAssembly(action.Package.Name, image, reference, pdb, diagnostics, referenceHash: referenceOutput.Hash)
            {
                FromCache = true,
            };
        }
        catch (CacheCorruptException e)
        {
            reporter.CacheProblem(e.Message + "; rebuilding");
            cache.Delete(id);
            return null;
        }
    }

    private void Store(CompileAction action, string id, CompiledAssembly fresh, IReadOnlyList<CompiledAssembly> references,
        IReadOnlyList<CompiledAssembly> direct)
    {
        var directNames = direct.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var facts = fresh.UsedReferences
            .Where(name => !directNames.Contains(name))
            .Select(name => new KeyValuePair<string, string>(CompileKey.UsedIndirectFact,
                name + " " + references.First(r => r.Name == name).ReferenceHash))
            .ToArray();
        // Warnings are stored relative to the package, so a hit replays them wherever the module now is.
        var diagnostics = fresh.Diagnostics.Select(d => d.Path is null ? d : d with { Path = Path.GetRelativePath(action.Package.FullDir, d.Path) }).ToArray();
        cache.Put(id, [("dll", fresh.Image), ("ref", fresh.ReferenceImage), ("pdb", fresh.Pdb)], diagnostics, facts);
    }

    private static BuildDiagnostic Rebase(BuildDiagnostic d, string packageDir) =>
        d.Path is null || Path.IsPathRooted(d.Path) ? d : d with { Path = Path.GetFullPath(Path.Combine(packageDir, d.Path)) };
}
