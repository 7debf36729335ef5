using Crossbuild.Plan;

namespace Crossbuild.Work.Compile;

/// <summary>
/// Warms the compiler of a long-lived process while it is idle. Roslyn ships as IL, and the runtime's tiered JIT
/// optimises a method only after it has run many times, so a new server's first edits compile two or three times
/// slower than its later ones. Recompiling a package the process has seen (the last one it compiled, else the largest
/// it found in the cache) runs the very code paths the next edit needs; the results are thrown away, nothing is stored
/// or written. A cancelled token (a command arrived) stops the compile in progress at once.
/// </summary>
public static class CompilerWarmUp
{
    private sealed record Seen(CompileAction Action, IReadOnlyList<CompiledAssembly> References, IReadOnlyList<CompiledAssembly> Analyzers, bool Compiled);

    private static Seen? _last;
    private static int _done;

    /// <summary>How many warm-up compiles this process has run to the end.</summary>
    public static int Done => Volatile.Read(ref _done);

    // The compile step's view of what it ran (compiled) or found in the cache; a fresh compile wins over hits, and
    // among hits the package with the most files. A hit's references carry their reference images, all a compile needs.
    internal static void Saw(CompileAction action, IReadOnlyList<CompiledAssembly> references, IReadOnlyList<CompiledAssembly> analyzers, bool compiled)
    {
        if (!WarmCaches.Enabled) return;
        var last = Volatile.Read(ref _last);
        if (!compiled && last is not null && (last.Compiled || last.Action.Package.Files.Count >= action.Package.Files.Count)) return;
        Volatile.Write(ref _last, new Seen(action, references, analyzers, compiled));
    }

    /// <summary>
    /// Compiles the package last seen up to <paramref name="times"/> times, until <paramref name="cancellation"/> is
    /// cancelled; returns how many compiles ran to the end (0 when nothing was seen yet).
    /// </summary>
    public static int Run(int times, CancellationToken cancellation)
    {
        var ran = 0;
        for (var i = 0; i < times && !cancellation.IsCancellationRequested; i++)
        {
            if (Volatile.Read(ref _last) is not { } seen) break;
            try
            {
                CompileService.Compile(seen.Action, seen.References, seen.Analyzers, cancellation);
                ran++;
                Interlocked.Increment(ref _done);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception e) when (e is IOException or Diagnostics.CrossbuildException or UnauthorizedAccessException)
            {
                break; // its sources changed or went away: the next build will say so, not the warm-up
            }
        }
        return ran;
    }

    /// <summary>Forgets the package last seen (<see cref="WarmCaches.Trim"/>).</summary>
    internal static void Forget() => Volatile.Write(ref _last, null);
}
