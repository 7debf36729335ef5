using Crossbuild.Cache;
using Crossbuild.Common;
using Crossbuild.Diagnostics;
using Crossbuild.Outputs;
using Crossbuild.Plan;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work.Native;

/// <summary>
/// Runs a <see cref="CompositeAction"/> through the cache: the key is every input assembly's bytes or package
/// identity, the runtime packs', the tool's version and the target; a hit reads the images, a miss runs crossgen2
/// <c>--composite</c> on files in a private folder and stores what it wrote.
/// </summary>
internal sealed class CompositeStep(BuildCache cache, bool force, IBuildReporter reporter)
{
    private const string RolePrefix = "composite:";

    /// <summary>The cache key of <paramref name="action"/>: computed from local data only.</summary>
    public static string Key(CompositeAction action, Func<CompileAction, CompiledAssembly> compiled)
    {
        var id = new ActionIdBuilder()
            .Add("action", "readytorun composite v1")
            .Add("tool", $"{Crossgen2.PackName}/{action.ToolVersion}")
            .Add("target", $"{Crossgen2.TargetOs(action.Target.Runtime)}-{Crossgen2.TargetArch(action.Target.Runtime)} -O");
        foreach (var c in action.Main.References.Prepend(action.Main))
            id.Add("assembly", $"{c.Package.Name}.dll {compiled(c).ImplementationHash}");
        foreach (var p in action.Packages) id.Add("package", p.Identity);
        foreach (var (name, version) in action.Frameworks) id.Add("framework", $"{name}.Runtime.{action.Target.Runtime}/{version}");
        return id.Id;
    }

    /// <summary>The images of <paramref name="action"/>, by their path in the app's folder.</summary>
    public CompositeResult Run(CompositeAction action, Func<CompileAction, CompiledAssembly> compiled, CancellationToken cancel)
    {
        var id = Key(action, compiled);
        var hit = NativeWork.Cached(cache, force, reporter, id, entry =>
        {
            var images = entry.Outputs.Where(o => o.Role.StartsWith(RolePrefix, StringComparison.Ordinal))
                .ToDictionary(o => o.Role[RolePrefix.Length..], cache.Read, StringComparer.OrdinalIgnoreCase);
            if (!images.ContainsKey(CompositeImage.FileName(compiled(action.Main).Name))) throw new CacheCorruptException("cache entry has no composite image");
            Report(action, entry.Diagnostics);
            return new CompositeResult(images);
        }, "precompiling again");
        if (hit is not null) return hit;
        reporter.Running(action);
        var (fresh, warnings) = Compile(action, compiled, cancel);
        cache.Put(id, fresh.Select(f => (RolePrefix + f.Key, f.Value)).ToArray(), warnings, []);
        Report(action, warnings);
        return new CompositeResult(fresh);
    }

    private void Report(CompositeAction action, IReadOnlyList<BuildDiagnostic> warnings)
    {
        if (warnings.Count > 0) reporter.Diagnostics(action.Main.Package, warnings);
    }

    private static (Dictionary<string, byte[]> Images, IReadOnlyList<BuildDiagnostic> Warnings) Compile(CompositeAction action,
        Func<CompileAction, CompiledAssembly> compiled, CancellationToken cancel)
    {
        var framework = action.Target.Framework;
        var rid = action.Target.Runtime.Value;
        var tool = Crossgen2.Tool(framework, action.ConfigRoot);
        return NativeWork.InTemporaryFolder("crossbuild-composite-", work =>
        {
            // Every assembly of the app by its file name, and where it goes in the app's folder: the app's own first,
            // then its packages', then the runtime's, as the SDK lists them.
            var assemblies = new List<(string Path, string OutputPath)>();
            foreach (var c in action.Main.References.Prepend(action.Main))
                assemblies.Add((NativeWork.Write(Path.Combine(work, "in"), compiled(c), withPdb: false), compiled(c).Name + ".dll"));
            assemblies.AddRange(action.Packages.Select(p => (p.FullPath, p.OutputPath)));
            foreach (var (name, _) in action.Frameworks)
            {
                var pack = RuntimePack.Read(Packs.FindOrFetch($"{name}.Runtime.{rid}", framework, action.ConfigRoot), rid, name);
                assemblies.AddRange(pack.Files.Where(f => !f.Native && f.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Select(f => (f.Path, f.Name)));
            }
            var app = compiled(action.Main).Name;
            var (images, warnings) = CompositeImage.Compile(tool, action.Target.Runtime, app, assemblies.Select(a => a.Path).ToArray(),
                work, action.Describe(), action.Main.Package.Dir, cancel);
            var byName = assemblies.ToDictionary(a => Path.GetFileName(a.Path), a => a.OutputPath, StringComparer.OrdinalIgnoreCase);
            byName[CompositeImage.FileName(app)] = CompositeImage.FileName(app);
            return (images.Where(i => byName.ContainsKey(i.Key)).ToDictionary(i => byName[i.Key], i => i.Value, StringComparer.OrdinalIgnoreCase), warnings);
        });
    }
}
