using Crossbuild.Plan;

namespace Crossbuild.Work.Compile;

/// <summary>
/// The cache key of a compile: its identity (<see cref="CompileIdentity"/>: the tool and Roslyn versions, the
/// package's files and contents, the options, the symbols it is given, its metadata and NuGet packages) and the
/// hash of the reference assembly of every reference it is given, direct and indirect, since the PDB records each
/// one's MVID. The RID is not in it: it matters only through files, symbols and metadata. Computing it reads no
/// file and never touches the network.
/// </summary>
/// <remarks>
/// Dependents compile against reference assemblies, so a change to a method body changes a library's
/// implementation but not its reference assembly, and nothing that references it recompiles (early cutoff).
/// </remarks>
public static class CompileKey
{
    /// <summary>
    /// The action ID of <paramref name="action"/>, whose references compiled to <paramref name="references"/> and
    /// whose analyzer packages to <paramref name="analyzers"/> (in order). An analyzer counts by its implementation:
    /// a change to a generator's method body changes what its users compile.
    /// </summary>
    public static string For(CompileAction action, IReadOnlyList<CompiledAssembly> references, IReadOnlyList<CompiledAssembly>? analyzers = null) =>
        CompileIdentity.WithReferences(action.Identity, references.Select(r => (r.Name, r.ReferenceHash!)),
            (analyzers ?? []).Select(a => (a.Name, a.ImplementationHash)));
}
