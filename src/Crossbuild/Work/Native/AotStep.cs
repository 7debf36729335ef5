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
    private const string SymbolsRole = "aot:symbols:"; // then the file's path beside the executable

    /// <summary>The cache key of <paramref name="action"/>, with the toolchain it links with: computed from local data only.</summary>
    public static string Key(AotAction action, Func<CompileAction, CompiledAssembly> compiled, string toolchain)
    {
        var id = new ActionIdBuilder()
            .Add("action", "aot v2")
            .Add("tool", $"{Ilc.PackName}/{action.ToolVersion}")
            .Add("build", action.Target.Runtime.IsWindows ? $"{Ilc.BuildPackName}/{action.ToolVersion} gui={action.Main.Package.Settings.WindowsGui}" : "")
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
            var symbols = entry.Outputs.Where(o => o.Role.StartsWith(SymbolsRole, StringComparison.Ordinal))
                .Select(o => new OutputFile(o.Role[SymbolsRole.Length..], cache.Read(o))).ToArray();
            Report(action, entry.Diagnostics);
            return new AotResult(exe, symbols);
        }, "compiling again");
        if (hit is not null) return hit;
        reporter.Running(action);
        var (result, warnings) = Compile(action, tools, compiled, cancel);
        cache.Put(id, [(ExecutableRole, result.Executable), .. result.Symbols.Select(f => (SymbolsRole + f.Name, f.Content!))], warnings, []);
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
            var obj = Path.Combine(work, app.Name + Ilc.ObjectSuffix(rid));
            var exports = Path.Combine(work, app.Name + Ilc.ExportsSuffix(rid));
            var rsp = Path.Combine(work, app.Name + ".ilc.rsp");
            var module = action.Main.References.Append(action.Main).Select(c => c.Package.Name);
            // A Windows target takes the Windows APIs to call directly and the debugger views from the build package,
            // and ilc writes the Source Link file the linker puts in the PDB.
            var build = rid.IsWindows ? Ilc.BuildFolder(framework, root) : null;
            var sourceLink = rid.IsWindows ? Path.Combine(work, app.Name + ".sourcelink") : null;
            var optimize = action.Target.IsRelease;
            File.WriteAllLines(rsp, Ilc.ResponseFile(rid, input, references, obj, exports, action.Features, module, optimize, sourceLink, build));
            var what = action.Describe();
            var run = ToolProcess.Run(ilc, ["@" + rsp], what, cancel);
            var diagnostics = run.Output.Select(l => ToolDiagnostics.Parse(l, action.Main.Package.Dir, action.Main.TrimPathRoot)).OfType<BuildDiagnostic>().ToArray();
            if (run.ExitCode != 0 || !File.Exists(obj)) throw NativeWork.Failed(what, "ilc", run, diagnostics);
            var exe = Path.Combine(work, "out", app.Name + rid.ExecutableSuffix);
            Directory.CreateDirectory(Path.GetDirectoryName(exe)!);
            var inputs = new NativeLinkInputs(rid, obj, exe, exports, native, sourceLink is not null && File.Exists(sourceLink) ? sourceLink : null, build,
                optimize, action.Main.Package.Settings.WindowsGui);
            var symbols = tools.Link(inputs, what, cancel)
                .Select(f => new OutputFile(f, File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(exe)!, f)))).ToArray();
            return (new AotResult(File.ReadAllBytes(exe), symbols), (IReadOnlyList<BuildDiagnostic>)diagnostics);
        });
    }
}
