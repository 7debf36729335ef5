using Crossbuild.Diagnostics;
using Crossbuild.Targets;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work.Native;

/// <summary>
/// The trimmer: <c>tools/net/illink.dll</c> of <c>Microsoft.NET.ILLink.Tasks</c> in the runtime version of the target's
/// framework, as the SDK's <c>KnownILLinkPack</c> picks it, run on the SDK's own <c>dotnet</c>.
/// </summary>
internal static class ILLink
{
    /// <summary>The pack name.</summary>
    public const string PackName = "Microsoft.NET.ILLink.Tasks";

    /// <summary>The <c>dotnet</c> executable and illink.dll for <paramref name="framework"/> (fetched when missing).</summary>
    public static (string Dotnet, string Dll) Tool(TargetFramework framework, string configRoot)
    {
        var pack = Packs.FindOrFetch(PackName, framework, configRoot);
        var dll = Path.Combine(pack, "tools", "net", "illink.dll");
        if (!File.Exists(dll)) throw new CrossbuildException($"ILLink pack {pack} has no tools/net/illink.dll");
        var root = Env.DotnetEnvironment.Current.DotnetRoot ?? throw new CrossbuildException("--trim: no .NET installation found to run illink on");
        return (Path.Combine(root, "dotnet" + RidCatalog.Host.ExecutableSuffix), dll);
    }

    /// <summary>
    /// The arguments the SDK's <c>ILLink</c> task gives illink under <c>PublishTrimmed</c> (full trim mode): the app as
    /// the entry-point root, <paramref name="roots"/> kept whole, every assembly as a reference, warnings collapsed per
    /// assembly except for <paramref name="detailed"/> (the module's own), the feature switches, metadata kept, PDBs
    /// rewritten.
    /// </summary>
    public static IReadOnlyList<string> Arguments(string app, IEnumerable<string> roots, IEnumerable<string> references,
        IEnumerable<string> detailed, IEnumerable<(string Name, string Value)> features, string output)
    {
        var args = new List<string> { "-a", app, "EntryPoint" };
        foreach (var r in roots) args.AddRange(["-a", r, "all"]);
        args.AddRange(["--singlewarn", "--trim-mode", "link", "--action", "link"]);
        foreach (var r in references) args.AddRange(["-reference", r]);
        foreach (var d in detailed) args.AddRange(["--singlewarn-", d]);
        args.AddRange(["-out", output, "--nowarn", "1701;1702;IL2121;8002", "--warn", "5", "--warnaserror-"]);
        foreach (var (name, value) in features) args.AddRange(["--feature", name, value]);
        args.AddRange(["--keep-metadata", "all", "-b"]);
        return args;
    }
}
