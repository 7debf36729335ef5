using Crossbuild.Diagnostics;
using Crossbuild.Targets;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work.Native;

/// <summary>
/// The ReadyToRun compiler: <c>Microsoft.NETCore.App.Crossgen2.&lt;host rid&gt;</c> in the runtime version of the
/// target's framework, as the SDK's <c>KnownCrossgen2Pack</c> picks it, from the SDK's packs folder or NuGet. One host
/// compiles for every runtime its JITs cover.
/// </summary>
internal static class Crossgen2
{
    /// <summary>The pack name for this host.</summary>
    public static string PackName => $"Microsoft.NETCore.App.Crossgen2.{RidCatalog.Host.Value}";

    /// <summary>The crossgen2 executable for <paramref name="framework"/> (fetched when missing).</summary>
    public static string Tool(TargetFramework framework, string configRoot)
    {
        var pack = Packs.FindOrFetch(PackName, framework, configRoot);
        var path = Path.Combine(pack, "tools", "crossgen2" + RidCatalog.Host.ExecutableSuffix);
        if (!File.Exists(path)) throw new CrossbuildException($"crossgen2 pack {pack} has no tools/{Path.GetFileName(path)}");
        ToolProcess.EnsureExecutable(path);
        return path;
    }

    /// <summary>crossgen2's <c>--targetos</c> for <paramref name="rid"/>.</summary>
    public static string TargetOs(RuntimeId rid) => rid.Os switch
    {
        "win" => "windows",
        "osx" => "osx",
        "linux" => "linux",
        "freebsd" => "freebsd",
        _ => throw new CrossbuildException($"--readytorun: crossgen2 cannot compile for {rid} (operating system {rid.Os})"),
    };

    /// <summary>crossgen2's <c>--targetarch</c> for <paramref name="rid"/>; only the architectures the host pack has a JIT for.</summary>
    public static string TargetArch(RuntimeId rid) => rid.Arch switch
    {
        "x64" or "arm64" or "x86" or "arm" => rid.Arch,
        _ => throw new CrossbuildException($"--readytorun: crossgen2 for {RidCatalog.Host} cannot compile for {rid} (architecture {rid.Arch})"),
    };

    /// <summary>
    /// The arguments the SDK's <c>ReadyToRunCompiler</c> task gives crossgen2 for one assembly: target, <c>-O</c>,
    /// references, output, input.
    /// </summary>
    public static IReadOnlyList<string> Arguments(RuntimeId rid, IEnumerable<string> references, string output, string input)
    {
        var args = new List<string> { $"--targetos:{TargetOs(rid)}", $"--targetarch:{TargetArch(rid)}", "-O" };
        args.AddRange(references.Select(r => "-r:" + r));
        args.Add("--out:" + output);
        args.Add(input);
        return args;
    }

    /// <summary>
    /// The arguments the SDK's <c>RunReadyToRunCompiler</c> gives crossgen2 for a composite image: target, <c>-O</c>,
    /// <c>--composite</c>, the references that are not inputs, the composite's path, then every input.
    /// </summary>
    public static IReadOnlyList<string> CompositeArguments(RuntimeId rid, IEnumerable<string> references, string output, IEnumerable<string> inputs)
    {
        var args = new List<string> { $"--targetos:{TargetOs(rid)}", $"--targetarch:{TargetArch(rid)}", "-O", "--composite" };
        args.AddRange(references.Select(r => "-r:" + r));
        args.Add("--out:" + output);
        args.AddRange(inputs);
        return args;
    }

    /// <summary>What crossgen2 said beyond its progress lines ("Emitting R2R PE file …").</summary>
    public static string[] Said(ToolRun run) =>
        run.Output.Where(l => !l.StartsWith("Emitting R2R PE file", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(l)).ToArray();

    /// <summary>crossgen2's lines as warnings (code <c>R2R</c>) of <paramref name="origin"/>.</summary>
    public static BuildDiagnostic[] Warnings(IEnumerable<string> said, string origin) =>
        said.Select(l => new BuildDiagnostic("warning", "R2R", l.StartsWith("Warning: ", StringComparison.OrdinalIgnoreCase) ? l[9..] : l, null, 0, 0, origin)).ToArray();
}
