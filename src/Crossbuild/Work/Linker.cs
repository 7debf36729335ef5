using System.Collections.Concurrent;
using Crossbuild.Diagnostics;
using Crossbuild.Outputs;
using Crossbuild.Plan;
using Crossbuild.Targets;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work;

/// <summary>Assembles an executable's files from compiled assemblies, as <c>dotnet build</c> lays out its output folder.</summary>
public static class Linker
{
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Templates = new(StringComparer.Ordinal);

    /// <summary>Links <paramref name="action"/>; <paramref name="compiled"/> gives each compile action's result.</summary>
    public static AppFiles Link(LinkAction action, Func<CompileAction, CompiledAssembly> compiled)
    {
        var main = action.Main;
        var app = compiled(main);
        var files = new List<OutputFile>();
        var rid = action.Target.Runtime.Value;
        RuntimePack? runtime = null;
        if (action.SelfContained)
        {
            runtime = RuntimePack.Read(Packs.FindOrFetch($"Microsoft.NETCore.App.Runtime.{rid}", action.Target.Framework, main.Package.FullDir), rid);
            foreach (var f in runtime.Files)
                files.Add(new OutputFile(f.Name, null, SourcePath: f.Path));
        }
        foreach (var lib in main.References)
        {
            var assembly = compiled(lib);
            files.Add(new OutputFile(assembly.Name + ".dll", assembly.Image));
            files.Add(new OutputFile(assembly.Name + ".pdb", assembly.Pdb));
        }
        files.Add(new OutputFile(app.Name + ".dll", app.Image));
        files.Add(new OutputFile(app.Name + ".pdb", app.Pdb));
        files.Add(new OutputFile(app.Name + ".runtimeconfig.json", RuntimeFiles.RuntimeConfig(action.Target, runtime)));
        files.Add(new OutputFile(app.Name + ".deps.json", RuntimeFiles.DepsJson(action.Target.Framework,
            Library(main), main.References.Select(Library).ToArray(), action.RidSpecific ? rid : null, runtime)));
        var template = Template(action.Target, main.Package.FullDir);
        var host = AppHost.Create(template, app.Name + ".dll", "app host for " + action.Target.Runtime);
        if (main.Package.Settings.WindowsGui && action.Target.Runtime.Os == "win")
            AppHost.SetWindowsGui(host, "app host for " + action.Target.Runtime);
        return new AppFiles(host, files);
    }

    private static AppLibrary Library(CompileAction compile) =>
        new(compile.Package.Name, compile.References
            .Where(r => compile.Package.Imports.Contains(r.Package.Dir, StringComparer.Ordinal))
            .Select(r => r.Package.Name).ToArray());

    /// <summary>
    /// The host pack's app host template for <paramref name="target"/>'s RID, read once per process. The pack comes
    /// from the SDK's packs folder, else from NuGet (nuget.config found from <paramref name="configRoot"/>).
    /// </summary>
    public static byte[] Template(Target target, string configRoot)
    {
        var rid = target.Runtime.Value;
        return Templates.GetOrAdd($"{target.Framework}|{rid}", _ => new Lazy<byte[]>(() =>
        {
            var pack = Packs.FindOrFetch($"Microsoft.NETCore.App.Host.{rid}", target.Framework, configRoot);
            var name = target.Runtime.Os == "win" ? "apphost.exe" : "apphost";
            var path = Path.Combine(pack, "runtimes", rid, "native", name);
            if (!File.Exists(path))
                throw new CrossbuildException($"app host pack {pack} has no runtimes/{rid}/native/{name}");
            return File.ReadAllBytes(path);
        })).Value;
    }
}
