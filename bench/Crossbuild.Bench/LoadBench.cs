using Crossbuild.Load;
using Crossbuild.Targets;

namespace Crossbuild.Bench;

/// <summary>
/// The load stage on a generated module of 40 packages × 12 files: in-process (cold and warm), and through the
/// published ReadyToRun CLI (<c>./build.sh publish</c>) as a whole process.
/// Target: once the CLI has started, <c>crossbuild list ./...</c> takes well under 150 ms.
/// </summary>
public static class LoadBench
{
    public static int Run(string repoRoot, string work)
    {
        var dir = Path.Combine(work, "load-40x12");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        new ModuleGenerator().WriteModule(dir);

        LoadResult? last = null;
        void LoadOnce()
        {
            var module = Module.Find(dir);
            var target = new Target(module.Manifest.Framework, RidCatalog.Host, "Debug");
            last = Loader.Load(module, target, dir);
            PackagePattern.Match(last, ["./..."], dir);
        }

        var cold = Measure.OnceMs(LoadOnce);
        var warm = Measure.MedianMs(15, LoadOnce);
        var files = last!.Packages.Sum(p => p.Files.Count);
        var errors = last.Packages.Count(p => p.Error is not null);
        if (errors > 0) throw new InvalidOperationException($"{errors} packages failed to load");

        Console.WriteLine($"# load: {last.Packages.Count} packages, {files} files, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| measurement | ms |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| in process, first load (includes JIT of this bench build) | {cold:F1} |");
        Console.WriteLine($"| in process, warm load (median of 15) | {warm:F1} |");

        var cli = Path.Combine(repoRoot, "artifacts", "cli", OperatingSystem.IsWindows() ? "crossbuild.exe" : "crossbuild");
        if (File.Exists(cli))
        {
            var version = Measure.MedianProcessMs(5, cli, ["version"], dir);
            var list = Measure.MedianProcessMs(5, cli, ["list", "./..."], dir);
            Console.WriteLine($"| `crossbuild version` process, ReadyToRun (startup floor, median of 5) | {version:F1} |");
            Console.WriteLine($"| `crossbuild list ./...` process, ReadyToRun (median of 5) | {list:F1} |");
            Console.WriteLine($"| list minus startup (load once the CLI has started) | {list - version:F1} |");
        }
        else
            Console.WriteLine($"| (no published CLI at {cli}: run ./build.sh publish for process timings) | |");
        Console.WriteLine();
        Console.WriteLine("target: load once the CLI has started < 150 ms");
        return 0;
    }
}
