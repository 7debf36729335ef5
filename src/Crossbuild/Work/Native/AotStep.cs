using Crossbuild.Cache;
using Crossbuild.Common;
using Crossbuild.Diagnostics;
using Crossbuild.Outputs;
using Crossbuild.Plan;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work.Native;

/// <summary>
/// Runs an <see cref="AotAction"/> through the cache: the key is every input assembly's bytes or package identity,
/// the runtime packs', the feature switches, ilc's version and the platform tools' files, and the target; a hit
/// reads the executable, a miss runs ilc and the linker in a private folder and stores what they made.
/// </summary>
internal sealed class AotStep(BuildCache cache, bool force, IBuildReporter reporter)
{
    private const string ExecutableRole = "aot:exe";
    private const string SymbolsRole = "aot:dbg";

    /// <summary>The cache key of <paramref name="action"/>, with the toolchain it links with: computed from local data only.</summary>
    public static string Key(AotAction action, Func<CompileAction, CompiledAssembly> compiled, string toolchain)
    {
        var id = new ActionIdBuilder()
            .Add("action", "aot v1")
            .Add("tool", $"{Ilc.PackName}/{action.ToolVersion}")
            .Add("runtime", $"{Ilc.RuntimePackName(action.Target.Runtime)}/{action.ToolVersion}")
            .Add("toolchain", toolchain)
            .Add("target", action.Target.ToString());
        foreach (var c in action.Main.References.Append(action.Main))
            id.Add("assembly", $"{c.Package.Name}.dll {compiled(c).ImplementationHash} {ContentHash.Of(compiled(c).Pdb)}");
        foreach (var p in action.Packages) id.Add("package", p.Identity);
        foreach (var (name, version) in action.Frameworks) id.Add("framework", $"{name}.Runtime.{action.Target.Runtime}/{version}");
        foreach (var (name, value) in action.Features) id.Add("feature", $"{name}={value}");
        return id.Id;
    }

    /// <summary>The executable for <paramref name="action"/>.</summary>
    public AotResult Run(AotAction action, Func<CompileAction, CompiledAssembly> compiled, CancellationToken cancel)
    {
        // The toolchain is part of the key (another clang links another binary), and a missing one is an error
        // before any work.
        var tools = NativeToolchain.For(action.Target.Runtime);
        var id = Key(action, compiled, tools.Identity);
        var hit = NativeWork.Cached(cache, force, reporter, id, entry =>
        {
            var exe = cache.Read(entry.Outputs.FirstOrDefault(o => o.Role == ExecutableRole) ?? throw new CacheCorruptException("cache entry has no " + ExecutableRole));
            var dbg = entry.Outputs.FirstOrDefault(o => o.Role == SymbolsRole) is { } d ? cache.Read(d) : null;
            Report(action, entry.Diagnostics);
            return new AotResult(exe, dbg);
        }, "compiling again");
        if (hit is not null) return hit;
        reporter.Running(action);
        var (result, warnings) = Compile(action, tools, compiled, cancel);
        cache.Put(id, result.Symbols is null ? [(ExecutableRole, result.Executable)] : [(ExecutableRole, result.Executable), (SymbolsRole, result.Symbols)], warnings, []);
        Report(action, warnings);
        return result;
    }

    private void Report(AotAction action, IReadOnlyList<BuildDiagnostic> warnings)
    {
        if (warnings.Count > 0) reporter.Diagnostics(action.Main.Package, warnings);
    }

    private static (AotResult Result, IReadOnlyList<BuildDiagnostic> Warnings) Compile(AotAction action, NativeToolchain tools,
        Func<CompileAction, CompiledAssembly> compiled, CancellationToken cancel)
    {
        var framework = action.Target.Framework;
        var rid = action.Target.Runtime;
        var root = action.ConfigRoot;
        var ilc = Ilc.Tool(framework, root);
        var pack = Packs.FindOrFetch(Ilc.RuntimePackName(rid), framework, root);
        var packRid = Path.Combine(pack, "runtimes", rid.Value);
        var lib = Directory.GetDirectories(Path.Combine(packRid, "lib")).Single();
        var native = Path.Combine(packRid, "native");
        return NativeWork.InTemporaryFolder("crossbuild-aot-", work =>
        {
            var references = new List<string>();
            references.AddRange(Directory.GetFiles(lib, "*.dll").Order(StringComparer.Ordinal));
            references.AddRange(Directory.GetFiles(native, "*.dll").Order(StringComparer.Ordinal));
            foreach (var (name, _) in action.Frameworks)
            {
                var other = RuntimePack.Read(Packs.FindOrFetch($"{name}.Runtime.{rid}", framework, root), rid.Value, name);
                references.AddRange(other.Files.Where(f => !f.Native && f.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Select(f => f.Path));
            }
            references.AddRange(action.Packages.Select(p => p.FullPath));
            string Write(CompiledAssembly assembly) => NativeWork.Write(Path.Combine(work, "in"), assembly, withPdb: true);
            references.AddRange(action.Main.References.Select(r => Write(compiled(r))));
            var app = compiled(action.Main);
            var input = Write(app);
            var obj = Path.Combine(work, app.Name + ".o");
            var exports = Path.Combine(work, app.Name + ".exports");
            var rsp = Path.Combine(work, app.Name + ".ilc.rsp");
            var module = action.Main.References.Append(action.Main).Select(c => c.Package.Name);
            File.WriteAllLines(rsp, Ilc.ResponseFile(rid, input, references, obj, exports, action.Features, module));
            var what = action.Describe();
            var run = ToolProcess.Run(ilc, ["@" + rsp], what, cancel);
            var diagnostics = run.Output.Select(l => ToolDiagnostics.Parse(l, action.Main.Package.Dir, action.Main.TrimPathRoot)).OfType<BuildDiagnostic>().ToArray();
            if (run.ExitCode != 0 || !File.Exists(obj)) throw NativeWork.Failed(what, "ilc", run, diagnostics);
            var exe = Path.Combine(work, "out", app.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(exe)!);
            Tool(tools.Clang, Ilc.LinkArguments(tools, rid, obj, exe, exports, Ilc.NativeLibraries(native, rid)), what, "linking", cancel);
            // As the SDK's StripSymbols does: the debug info goes to <app>.dbg, which the stripped executable names.
            var dbg = exe + ".dbg";
            Tool(tools.ObjCopy, ["--only-keep-debug", exe, dbg], what, "splitting debug symbols", cancel);
            Tool(tools.ObjCopy, ["--strip-debug", "--strip-unneeded", exe], what, "stripping", cancel);
            Tool(tools.ObjCopy, [$"--add-gnu-debuglink={dbg}", exe], what, "linking debug symbols", cancel, Path.GetDirectoryName(exe));
            return (new AotResult(File.ReadAllBytes(exe), File.ReadAllBytes(dbg)), (IReadOnlyList<BuildDiagnostic>)diagnostics);
        });
    }

    // A platform tool that fails: one line with its first error, never the whole dump.
    private static void Tool(string path, IReadOnlyList<string> args, string what, string doing, CancellationToken cancel, string? cwd = null)
    {
        var run = ToolProcess.Run(path, args, what, cancel, cwd);
        if (run.ExitCode == 0) return;
        var first = run.Output.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? run.Output.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? "";
        throw new CrossbuildException($"{what}: {Path.GetFileName(path)} failed {doing} (exit code {run.ExitCode}){(first.Length > 0 ? ": " + first.Trim() : "")}");
    }
}
