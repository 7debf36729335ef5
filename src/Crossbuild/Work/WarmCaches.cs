namespace Crossbuild.Work;

/// <summary>
/// What a long-lived process (the build server, <c>watch</c>) keeps warm between builds beyond the JIT's work: parsed
/// syntax trees of unchanged files, source generator drivers, package assemblies' metadata references, and the
/// loader's facts. Each is bounded on its own; <see cref="Trim"/> empties them all when a host wants its memory back.
/// </summary>
public static class WarmCaches
{
    /// <summary>
    /// Whether this process keeps syntax trees, generator drivers, facts and the last compile between builds: set
    /// by long-lived hosts (the build server, <c>watch</c>). Off, a one-shot command holds nothing past its compiles.
    /// </summary>
    public static bool Enabled { get; set; }

    /// <summary>Empties the warm caches and returns their memory to the system; later builds fill them again.</summary>
    public static void Trim()
    {
        Compile.ParsedSources.Clear();
        Compile.GeneratorDrivers.Clear();
        Compile.CompileService.ForgetPackageReferences();
        Load.FactsCache.ForgetMemory();
        Compile.CompilerWarmUp.Forget();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>What is kept, in a few words (<c>crossbuild server status</c>).</summary>
    public static string Describe() =>
        $"{Compile.ParsedSources.Count} syntax trees, {Compile.GeneratorDrivers.Count} generator drivers kept";
}
