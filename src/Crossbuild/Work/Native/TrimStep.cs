using Crossbuild.Cache;
using Crossbuild.Common;
using Crossbuild.Diagnostics;
using Crossbuild.Outputs;
using Crossbuild.Plan;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work.Native;

/// <summary>
/// Runs a <see cref="TrimAction"/> through the cache: the key is every input assembly's bytes or package identity,
/// the runtime packs', the roots, the feature switches, the tool's version and the target; a hit reads the kept
/// files, a miss runs illink on files in a private folder and stores what it kept.
/// </summary>
internal sealed class TrimStep(BuildCache cache, bool force, IBuildReporter reporter)
{
    private const string RolePrefix = "trim:";

    /// <summary>The cache key of <paramref name="action"/>: computed from local data only.</summary>
    public static string Key(TrimAction action, Func<CompileAction, CompiledAssembly> compiled)
    {
        var id = new ActionIdBuilder()
            .Add("action", "trim v1")
            .Add("tool", $"{ILLink.PackName}/{action.ToolVersion}")
            .Add("target", action.Target.ToString());
        foreach (var c in action.Main.References.Append(action.Main))
            id.Add("assembly", $"{c.Package.Name}.dll {compiled(c).ImplementationHash} {ContentHash.Of(compiled(c).Pdb)}");
        foreach (var p in action.Packages) id.Add("package", p.Identity);
        foreach (var (name, version) in action.Frameworks) id.Add("framework", $"{name}.Runtime.{action.Target.Runtime}/{version}");
        foreach (var r in action.Roots) id.Add("root", r);
        foreach (var (name, value) in action.Features) id.Add("feature", $"{name}={value}");
        if (action.ReadyToRun) id.Add("readytorun", $"{Crossgen2.PackName}/{action.ToolVersion} {Crossgen2.TargetOs(action.Target.Runtime)}-{Crossgen2.TargetArch(action.Target.Runtime)} -O{(action.Composite ? " --composite" : "")}");
        return id.Id;
    }

    /// <summary>The files <paramref name="action"/> keeps.</summary>
    public TrimResult Run(TrimAction action, Func<CompileAction, CompiledAssembly> compiled, CancellationToken cancel)
    {
        var id = Key(action, compiled);
        var hit = NativeWork.Cached(cache, force, reporter, id, entry =>
        {
            var kept = entry.Outputs.Where(o => o.Role.StartsWith(RolePrefix, StringComparison.Ordinal))
                .ToDictionary(o => o.Role[RolePrefix.Length..], cache.Read, StringComparer.OrdinalIgnoreCase);
            if (kept.Count == 0) throw new CacheCorruptException("cache entry keeps no files");
            Report(action, entry.Diagnostics);
            return new TrimResult(kept);
        }, "trimming again");
        if (hit is not null) return hit;
        reporter.Running(action);
        var (fresh, warnings) = Trim(action, compiled, cancel);
        cache.Put(id, fresh.Select(f => (RolePrefix + f.Key, f.Value)).ToArray(), warnings, []);
        Report(action, warnings);
        return new TrimResult(fresh);
    }

    private void Report(TrimAction action, IReadOnlyList<BuildDiagnostic> warnings)
    {
        if (warnings.Count > 0) reporter.Diagnostics(action.Main.Package, warnings);
    }

    private static (Dictionary<string, byte[]> Kept, IReadOnlyList<BuildDiagnostic> Warnings) Trim(TrimAction action,
        Func<CompileAction, CompiledAssembly> compiled, CancellationToken cancel)
    {
        var framework = action.Target.Framework;
        var rid = action.Target.Runtime.Value;
        var (dotnet, illink) = ILLink.Tool(framework, action.ConfigRoot);
        return NativeWork.InTemporaryFolder("crossbuild-trim-", work =>
        {
            // Every input by its file name, which is its assembly name, and where it goes in the app's folder.
            var inputs = new Dictionary<string, (string Path, string OutputPath)>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, _) in action.Frameworks)
            {
                var pack = RuntimePack.Read(Packs.FindOrFetch($"{name}.Runtime.{rid}", framework, action.ConfigRoot), rid, name);
                foreach (var f in pack.Files.Where(f => !f.Native && f.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
                    inputs[f.Name] = (f.Path, f.Name);
            }
            foreach (var p in action.Packages) inputs[Path.GetFileName(p.FullPath)] = (p.FullPath, p.OutputPath);
            foreach (var c in action.Main.References.Append(action.Main))
            {
                var assembly = compiled(c);
                inputs[assembly.Name + ".dll"] = (NativeWork.Write(Path.Combine(work, "in"), assembly, withPdb: true), assembly.Name + ".dll");
            }
            var roots = action.Roots.Select(r => inputs.TryGetValue(r + ".dll", out var input) ? input.Path
                : throw new CrossbuildException($"{action.Main.Package.Dir}: trimmerRoots names {r}, which is not an assembly the app carries")).ToArray();
            var app = inputs[compiled(action.Main).Name + ".dll"].Path;
            var output = Path.Combine(work, "out");
            var module = action.Main.References.Append(action.Main).Select(c => c.Package.Name);
            var what = action.Describe();
            var run = ToolProcess.Run(dotnet, ["exec", illink, .. ILLink.Arguments(app, roots, inputs.Values.Select(i => i.Path), module, action.Features, output)], what, cancel);
            var diagnostics = run.Output.Select(l => ToolDiagnostics.Parse(l, action.Main.Package.Dir, action.Main.TrimPathRoot)).OfType<BuildDiagnostic>().ToArray();
            if (run.ExitCode != 0 || !Directory.Exists(output)) throw NativeWork.Failed(what, "illink", run, diagnostics);
            var warnings = new List<BuildDiagnostic>(diagnostics);
            byte[]? composite = null;
            if (action.Composite) warnings.AddRange(PrecompileComposite(action, compiled(action.Main).Name, output, work, cancel, out composite));
            else if (action.ReadyToRun) warnings.AddRange(Precompile(action, output, Path.Combine(work, "r2r"), cancel));
            var byName = inputs.Values.ToDictionary(i => Path.GetFileName(i.Path), i => i.OutputPath, StringComparer.OrdinalIgnoreCase);
            var kept = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Directory.EnumerateFiles(output))
            {
                var name = Path.GetFileName(file);
                var dll = Path.ChangeExtension(name, ".dll");
                if (!byName.TryGetValue(dll, out var outputPath)) continue;
                kept[name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) ? Path.ChangeExtension(outputPath, ".pdb") : outputPath] = File.ReadAllBytes(file);
            }
            if (composite is not null) kept[CompositeImage.FileName(compiled(action.Main).Name)] = composite;
            return (kept, (IReadOnlyList<BuildDiagnostic>)warnings);
        });
    }

    // Every kept assembly crossgen2 can compile, against the whole kept set, as the SDK's _CreateR2RImages does with
    // the ILLink output; each image replaces its assembly in the output folder. The compiles are independent processes:
    // they run side by side, one per core.
    private static IReadOnlyList<BuildDiagnostic> Precompile(TrimAction action, string output, string images, CancellationToken cancel)
    {
        var tool = Crossgen2.Tool(action.Target.Framework, action.ConfigRoot);
        var kept = Directory.GetFiles(output, "*.dll").Order(StringComparer.Ordinal).ToArray();
        Directory.CreateDirectory(images);
        var warnings = new BuildDiagnostic[kept.Length][];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel };
        try
        {
            Parallel.For(0, kept.Length, options, i => warnings[i] = Precompile(action, tool, kept, kept[i], images, cancel));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is CrossbuildException or OperationCanceledException) is { } first)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
        foreach (var input in kept)
            if (File.Exists(Path.Combine(images, Path.GetFileName(input)))) File.Move(Path.Combine(images, Path.GetFileName(input)), input, overwrite: true);
        return warnings.SelectMany(w => w).ToArray();
    }

    // A single-file app's kept assemblies go into one composite image, as the SDK compiles the ILLink output under
    // PublishReadyToRunComposite; each component replaces its assembly in the output folder.
    private static IReadOnlyList<BuildDiagnostic> PrecompileComposite(TrimAction action, string app, string output, string work, CancellationToken cancel, out byte[] composite)
    {
        var tool = Crossgen2.Tool(action.Target.Framework, action.ConfigRoot);
        var kept = Directory.GetFiles(output, "*.dll").Order(StringComparer.Ordinal).ToList();
        // The app's own assembly first, as the SDK passes its main assembly.
        var main = kept.FindIndex(k => string.Equals(Path.GetFileName(k), app + ".dll", StringComparison.OrdinalIgnoreCase));
        if (main > 0) (kept[0], kept[main]) = (kept[main], kept[0]);
        var (images, warnings) = CompositeImage.Compile(tool, action.Target.Runtime, app, kept, work, action.Describe(), action.Main.Package.Dir, cancel);
        foreach (var (name, image) in images)
            if (!string.Equals(name, CompositeImage.FileName(app), StringComparison.OrdinalIgnoreCase)) File.WriteAllBytes(Path.Combine(output, name), image);
        composite = images[CompositeImage.FileName(app)];
        return warnings;
    }

    private static BuildDiagnostic[] Precompile(TrimAction action, string tool, string[] kept, string input, string images, CancellationToken cancel)
    {
        if (!ReadyToRunStep.Eligible(input)) return [];
        var image = Path.Combine(images, Path.GetFileName(input));
        var what = $"readytorun {Path.GetFileName(input)} for {action.Target.Runtime}";
        var run = ToolProcess.Run(tool, Crossgen2.Arguments(action.Target.Runtime, kept, image, input), what, cancel);
        var said = Crossgen2.Said(run);
        if (run.ExitCode != 0 || !File.Exists(image)) throw NativeWork.Failed(what, "crossgen2", run with { Output = said }, []);
        return Crossgen2.Warnings(said, Path.GetFileName(input));
    }
}
