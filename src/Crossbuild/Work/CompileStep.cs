using Crossbuild.Cache;
using Crossbuild.Diagnostics;
using Crossbuild.Plan;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work;

/// <summary>
/// Runs a compile action through the cache: a hit reads the outputs (verified) and replays the warnings; a miss
/// compiles and stores. <c>-a</c> (<paramref name="force"/>) compiles every time and still stores.
/// </summary>
internal sealed class CompileStep(BuildCache cache, bool force, IBuildReporter reporter, Cache.Remote.RemoteCache? remote = null)
{
    /// <summary>
    /// On a local miss, fills the local cache from the remote one (when there is one and <c>-a</c> is off), so that
    /// <see cref="Run"/> then has a hit. Called before the action takes a worker slot: it waits for the network, not
    /// for a core.
    /// </summary>
    public async Task FillAsync(CompileAction action, IReadOnlyList<CompiledAssembly> references, IReadOnlyList<CompiledAssembly> analyzers)
    {
        if (remote is null || force) return;
        var id = CompileKey.For(action, references, analyzers);
        var entry = cache.Get(id, reporter.CacheProblem);
        if (entry is null && await remote.FillAsync(id, cache).ConfigureAwait(false)) entry = cache.Get(id, reporter.CacheProblem);
        // Run reads this probe instead of computing the key and reading the entry again.
        lock (_probed) _probed[action] = (id, entry);
    }

    private readonly Dictionary<CompileAction, (string Id, CacheEntry? Entry)> _probed = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Compiles <paramref name="action"/>; <paramref name="references"/> match <see cref="CompileAction.References"/>,
    /// <paramref name="analyzers"/> <see cref="CompileAction.Analyzers"/>.
    /// </summary>
    public CompiledAssembly Run(CompileAction action, IReadOnlyList<CompiledAssembly> references, IReadOnlyList<CompiledAssembly> analyzers,
        CancellationToken cancellation = default)
    {
        (string Id, CacheEntry? Entry) probe;
        bool probed;
        lock (_probed) probed = _probed.Remove(action, out probe);
        var id = probed ? probe.Id : CompileKey.For(action, references, analyzers);
        if (!force && (!probed || probe.Entry is not null) && TryHit(action, id, probed ? probe.Entry : null) is { } hit)
        {
            CompilerWarmUp.Saw(action, references, analyzers, compiled: false);
            reporter.Diagnostics(action.Package, hit.Diagnostics);
            hit.ActionId = id;
            return hit;
        }

        reporter.Compiling(action.Package);
        reporter.Running(action);
        var fresh = CompileService.Compile(action, references, analyzers, cancellation);
        fresh.ActionId = id;
        reporter.Diagnostics(action.Package, fresh.Diagnostics);
        if (fresh.Succeeded)
        {
            Store(action, id, fresh);
            CompilerWarmUp.Saw(action, references, analyzers, compiled: true);
        }
        return fresh;
    }

    private CompiledAssembly? TryHit(CompileAction action, string id, CacheEntry? known)
    {
        var entry = known ?? cache.Get(id, reporter.CacheProblem);
        if (entry is null) return null;
        try
        {
            var referenceOutput = Need(entry, "ref");
            var reference = cache.Read(referenceOutput);
            byte[]? image = null, pdb = null;
            var satellites = new List<(string, byte[])>();
            IReadOnlyList<(string, string)> generated = [];
            if (action.NeedsImplementation)
            {
                image = cache.Read(Need(entry, "dll"));
                pdb = cache.Read(Need(entry, "pdb"));
                foreach (var culture in action.Package.Cultures)
                    satellites.Add((culture, cache.Read(Need(entry, SatelliteRole(culture)))));
                if (entry.Outputs.FirstOrDefault(o => o.Role == "generated") is { } generatedOutput)
                    generated = GeneratedSources.Read(cache.Read(generatedOutput));
            }
            var diagnostics = entry.Diagnostics.Select(d => Rebase(d, action.Package.FullDir)).ToArray();
            return new CompiledAssembly(action.Package.Name, image, reference, pdb, diagnostics, referenceHash: referenceOutput.Hash)
            {
                FromCache = true,
                Satellites = satellites,
                Generated = generated,
            };
        }
        catch (CacheCorruptException e)
        {
            reporter.CacheProblem(e.Message + "; rebuilding");
            cache.Delete(id);
            return null;
        }
    }

    private void Store(CompileAction action, string id, CompiledAssembly fresh)
    {
        // Warnings are stored relative to the package, so a hit replays them wherever the module now is.
        var diagnostics = fresh.Diagnostics.Select(d => d.Path is null ? d : d with { Path = Path.GetRelativePath(action.Package.FullDir, d.Path) }).ToArray();
        (string, byte[])[] outputs = [("dll", fresh.Image!), ("ref", fresh.ReferenceImage!), ("pdb", fresh.Pdb!),
            .. fresh.Satellites.Select(s => (SatelliteRole(s.Culture), s.Image)),
            .. fresh.Generated.Count > 0 ? [("generated", GeneratedSources.Write(fresh.Generated))] : Array.Empty<(string, byte[])>()];
        var entry = cache.Put(id, outputs, diagnostics, []);
        remote?.Upload(id, entry, outputs);
    }

    // An entry without an output a compile has (one from another writer of a shared cache) is as good as corrupt.
    private static CachedOutput Need(CacheEntry entry, string role) =>
        entry.Outputs.FirstOrDefault(o => o.Role == role) ?? throw new CacheCorruptException($"cache entry has no {role}");

    private static string SatelliteRole(string culture) => "satellite:" + culture;

    private static BuildDiagnostic Rebase(BuildDiagnostic d, string packageDir) =>
        d.Path is null || Path.IsPathRooted(d.Path) ? d : d with { Path = Path.GetFullPath(Path.Combine(packageDir, d.Path)) };
}
