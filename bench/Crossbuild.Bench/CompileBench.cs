using System.Text;
using Crossbuild.Plan;
using Crossbuild.Work.Compile;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace Crossbuild.Bench;

/// <summary>
/// The compile stage on a generated module of 40 packages × 12 files and its equivalent csproj tree, side by side:
/// <list type="bullet">
/// <item>a cold <c>crossbuild build ./...</c> (the published ReadyToRun CLI, a new process) against a cold
/// <c>dotnet build</c> of the csproj tree (bin/obj deleted, build servers shut down). Target ≤ 0.35×.</item>
/// <item>compiling one package in process with <see cref="CompileService"/> against Roslyn's parse, compile and
/// emit alone on the same sources and references. Target ≤ 1.15×.</item>
/// </list>
/// </summary>
public static class CompileBench
{
    public static int Run(string repoRoot, string work, int rounds)
    {
        var (dir, module, csproj) = Workspace.Create(work, "compile-40x12");

        Console.WriteLine($"# compile: 40 packages × 12 files, {Environment.ProcessorCount} cores, {rounds} round(s)");
        Console.WriteLine();
        var cli = Path.Combine(repoRoot, "artifacts", "cli", OperatingSystem.IsWindows() ? "crossbuild.exe" : "crossbuild");
        if (rounds > 0 && File.Exists(cli))
        {
            var ours = new List<double>();
            var theirs = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                // Cold means a cache nobody has filled: a fresh folder for every round.
                ours.Add(Measure.ProcessMs(cli, ["build", "--cache-dir", Path.Combine(dir, $"cache-cold-{r}"), "./..."], module));
                CleanCsproj(csproj);
                theirs.Add(Measure.ProcessMs("dotnet", ["build", "All.sln", "-nologo", "-v:q"], csproj));
            }
            var o = Median(ours);
            var t = Median(theirs);
            Console.WriteLine("| cold build | ms |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine($"| `crossbuild build ./...` (ReadyToRun CLI, new process, fresh --cache-dir {Path.GetRelativePath(repoRoot, dir)}/cache-cold-N) | {o:F0} |");
            Console.WriteLine($"| `dotnet build All.sln` (clean, build servers shut down) | {t:F0} |");
            Console.WriteLine($"| ratio crossbuild / dotnet build (target ≤ 0.35) | {o / t:F3} |");
            Console.WriteLine();
        }
        else if (!File.Exists(cli))
            Console.WriteLine($"(no published CLI at {cli}: run ./build.sh publish for the process timings)\n");

        Startup(repoRoot, cli, dir, module);
        InProcess(module);
        return 0;
    }

    // The cost of starting cold: one small package through the ReadyToRun CLI and through the JIT-only build.
    private static void Startup(string repoRoot, string cli, string dir, string module)
    {
        var jit = Path.Combine(repoRoot, "src", "Crossbuild.Cli", "bin", "Release", "net10.0", "Crossbuild.Cli.dll");
        if (!File.Exists(cli) || !File.Exists(jit)) return;
        // Each run gets a cache folder of its own: a hit would measure the cache, not the cold compile.
        var run = 0;
        double Cold(string file, params string[] args) => Measure.ProcessMs(file,
            [.. args, "build", "--cache-dir", Path.Combine(dir, $"cache-start-{run++}"), "./lib/p00"], module);
        var r2r = Median([Cold(cli), Cold(cli), Cold(cli)]);
        var il = Median([Cold("dotnet", jit), Cold("dotnet", jit), Cold("dotnet", jit)]);
        Console.WriteLine($"| cold start: `crossbuild build ./lib/p00` (one package, new process, a fresh --cache-dir {Path.GetRelativePath(repoRoot, dir)}/cache-start-N each, median of 3) | ms |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| ReadyToRun CLI (artifacts/cli) | {r2r:F0} |");
        Console.WriteLine($"| JIT only (`dotnet Crossbuild.Cli.dll`) | {il:F0} |");
        Console.WriteLine();
    }

    private static void InProcess(string module)
    {
        var graph = Builder.Plan(new CrossbuildSettings().SetWorkingDirectory(module).SetPackages("./..."));
        var results = new Dictionary<string, CompiledAssembly>(StringComparer.Ordinal);
        foreach (var action in graph.Compiles)
            results[action.Package.Dir] = CompileService.Compile(action, action.References.Select(r => results[r.Package.Dir]).ToArray());

        // A library in the middle of the graph: real references, no entry point.
        var subject = graph.Compiles.First(a => a.References.Count >= 4 && a.Package.Kind == Crossbuild.Load.PackageKind.Lib);
        var references = subject.References.Select(r => results[r.Package.Dir]).ToArray();
        var framework = FrameworkReferences.For(subject.Target.Framework);
        var parse = SdkOptions.Parse(subject.Package.Settings, subject.Target, subject.Symbols);
        var options = SdkOptions.Compilation(subject.Package.Kind, subject.Package.Settings, subject.Target);

        void Ours() => CompileService.Compile(subject, references);
        void Roslyn()
        {
            // The same sources: the package's files and what the SDK generates into every project.
            var sources = subject.Package.Files.Select((f, i) => (Path: Path.Combine(subject.Package.FullDir, f), Text: subject.Package.ReadSource(i).ToString()))
                .Concat(SdkSources.For(subject.Package, subject.Target, subject.Metadata)
                    .Select(g => (Path: Path.Combine(subject.Package.FullDir, g.Name), g.Text)));
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(
                SourceText.From(s.Text, Encoding.UTF8, SourceHashAlgorithm.Sha256), parse, s.Path)).ToArray();
            var compilation = CSharpCompilation.Create(subject.Package.Name, trees,
                [.. framework.References, .. references.Select(r => r.Reference)], options);
            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            var result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            if (!result.Success) throw new InvalidOperationException("raw Roslyn compile failed");
        }

        for (var i = 0; i < 5; i++) { Ours(); Roslyn(); } // warm both paths
        var ours = new List<double>();
        var raw = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            ours.Add(Measure.OnceMs(Ours));
            raw.Add(Measure.OnceMs(Roslyn));
        }
        var o = Median(ours);
        var r = Median(raw);
        Console.WriteLine($"| in process, one package ({subject.Package.Dir}, {subject.Package.Files.Count} files, warm, median of 15) | ms |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| CompileService.Compile (SDK sources, generators, ref assembly, PDB) | {o:F1} |");
        Console.WriteLine($"| Roslyn parse + compile + emit alone (PE + PDB) | {r:F1} |");
        Console.WriteLine($"| ratio (target ≤ 1.15) | {o / r:F3} |");
    }

    private static void CleanCsproj(string root)
    {
        Measure.ProcessMs("dotnet", ["build-server", "shutdown"], root);
        foreach (var d in Directory.GetDirectories(root, "*", SearchOption.AllDirectories)
                     .Where(d => Path.GetFileName(d) is "bin" or "obj").ToArray())
            if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}
