using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;
using Crossbuild.Work;

namespace Crossbuild;

/// <summary>Turns an executed action graph into the typed <see cref="BuildResult"/> hosts and the CLI read.</summary>
internal static class Results
{
    /// <summary>The result of running <paramref name="graph"/>, loaded as <paramref name="loaded"/>.</summary>
    public static BuildResult Of(ActionGraph graph, ModuleLoad? loaded, IReadOnlyDictionary<BuildAction, ActionResult> results)
    {
        var diagnostics = new List<BuildDiagnostic>();
        var compiled = new List<string>();
        var cached = new List<string>();
        foreach (var compile in graph.Compiles)
            if (results[compile] is CompileResult r)
            {
                (r.Assembly.FromCache ? cached : compiled).Add(compile.Package.Dir);
                diagnostics.AddRange(r.Assembly.Diagnostics);
            }
        BuiltApp App(InstallAction i) =>
            new(i.App.Main.Package.Dir, i.App.Main.Package.Name, ((InstallResult)results[i]).AppHostPath,
                Path.Combine(i.Directory, i.App.Main.Package.Name + ".dll"))
            {
                Runtime = i.App.Target.Runtime.Value,
                Output = i.App.Output,
                Files = ((InstallResult)results[i]).Paths,
                ModulePackages = [new(i.App.Main.Package.Dir, i.App.Main.Package.Name),
                    .. i.App.Main.References.Select(r => new ModulePackage(r.Package.Dir, r.Package.Name)).OrderBy(p => p.Dir, StringComparer.Ordinal)],
                NuGetPackages = i.App.Packages,
                RuntimePacks = results.GetValueOrDefault(i.App) is LinkResult link ? link.Files.RuntimePacks : [],
            };
        PackageResult Package(CompileAction c) => results.GetValueOrDefault(c) is CompileResult r
            ? new PackageResult(c.Package.Dir, c.Package.Name, c.Package.Kind, r.Assembly.FromCache, r.Assembly.Succeeded, r.Assembly.Diagnostics)
            {
                Image = r.Assembly.ImageIfAvailable,
                Pdb = r.Assembly.PdbIfAvailable,
                Satellites = r.Assembly.Satellites,
                ActionId = r.Assembly.ActionId,
                Framework = c.Target.Framework.Moniker,
                TestFramework = c.Test?.Framework,
                ModuleReferences = c.References.Select(r => new ModulePackage(r.Package.Dir, r.Package.Name)).OrderBy(p => p.Dir, StringComparer.Ordinal).ToArray(),
                NuGetPackages = c.Packages,
            }
            : new PackageResult(c.Package.Dir, c.Package.Name, c.Package.Kind, false, false, []) { Framework = c.Target.Framework.Moniker };
        var apps = graph.Installs.Where(i => results[i] is InstallResult).Select(App).ToArray();
        var targets = graph.Targets.Select((t, i) => new TargetResult(t.Target, t.Compiles.Select(Package).ToArray(),
                t.Installs.Where(x => results.GetValueOrDefault(x) is InstallResult).Select(App).ToArray())
            {
                Loaded = loaded?.Targets[i],
            })
            .ToArray();
        var ok = graph.Roots.All(a => results[a].Succeeded);
        return new BuildResult(ok, [], diagnostics, compiled, cached, apps) { Targets = targets };
    }
}
