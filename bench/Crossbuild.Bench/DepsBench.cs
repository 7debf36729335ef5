using Crossbuild.Deps;
using Crossbuild.Targets;
using Crossbuild.Work.Compile;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace Crossbuild.Bench;

/// <summary>
/// The dependency service, side by side with <c>dotnet restore</c> in one run:
/// <list type="bullet">
/// <item>a cold resolution of 10 packages (empty global packages folder, no lock file): <c>crossbuild mod graph</c>
/// against <c>dotnet restore</c> of a csproj with the same PackageReferences. Target: no slower.</item>
/// <item>a warm no-op (lock file present, packages extracted): the no-op build of an app that asks for the packages
/// against the same app without them, from new processes; and <c>DependencyService.Ensure</c> in a warm process.
/// Target: adds &lt; 20 ms.</item>
/// </list>
/// The packages come from a local folder feed the bench builds (10 packages over 5 shared ones with cousin
/// ranges, 15 resolved), or with <c>registry</c> from the configured sources (10 real packages).
/// </summary>
public static class DepsBench
{
    private static readonly (string Id, string Version)[] RegistryPackages =
    [
        ("Newtonsoft.Json", "13.0.3"), ("Humanizer.Core", "2.14.1"), ("Serilog", "4.0.0"), ("Dapper", "2.1.66"),
        ("Microsoft.Data.Sqlite", "8.0.30"), ("YamlDotNet", "16.3.0"), ("Spectre.Console", "0.49.1"),
        ("NuGet.Versioning", "6.7.0"), ("System.IO.Hashing", "8.0.0"), ("CsCheck", "4.9.1"),
    ];

    public static int Run(string repoRoot, string work, int rounds, bool registry)
    {
        if (Workspace.Cli(repoRoot) is not { } cli) return 1;
        var dir = Path.Combine(work, registry ? "deps-registry" : "deps-local");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var packages = registry ? RegistryPackages : LocalFeed(dir);
        var module = Path.Combine(dir, "module");
        var bare = Path.Combine(dir, "bare");
        var csproj = Path.Combine(dir, "csproj");
        WriteModule(module, "Bench", packages);
        WriteModule(bare, "Bench", []);
        Directory.CreateDirectory(csproj);
        File.WriteAllText(Path.Combine(csproj, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
            {string.Concat(packages.Select(p => $"    <PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />\n"))}  </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(csproj, "main.cs"), "System.Console.WriteLine(1);");

        // Cold: fresh global folders and HTTP caches for both tools in every round.
        var ours = new List<double>();
        var theirs = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            File.Delete(Path.Combine(module, LockFile.FileName));
            ours.Add(Measure.ProcessMs(cli, ["mod", "graph", "--cache-dir", Path.Combine(dir, $"cache-{r}")], module, Fresh(dir, $"cb-{r}")));
            if (Directory.Exists(Path.Combine(csproj, "obj"))) Directory.Delete(Path.Combine(csproj, "obj"), recursive: true);
            theirs.Add(Measure.ProcessMs("dotnet", ["restore", "app.csproj", "--nologo"], csproj, Fresh(dir, $"dn-{r}")));
        }

        // Warm: the last round's global folder and lock file stay; the builds share one cache.
        var env = Fresh(dir, $"cb-{rounds - 1}", clear: false);
        string[] build = ["build", "--cache-dir", Path.Combine(dir, "cache-warm"), "-o", "out/", "./app"];
        for (var i = 0; i < 2; i++)
        {
            Measure.ProcessMs(cli, build, module, env);
            Measure.ProcessMs(cli, build, bare, env);
        }
        var withPackages = new List<double>();
        var without = new List<double>();
        var differences = new List<double>();
        var depsStage = new List<double>();
        var planStage = new List<double>();
        var planBare = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            withPackages.Add(Measure.ProcessMs(cli, build, module, env));
            without.Add(Measure.ProcessMs(cli, build, bare, env));
            differences.Add(withPackages[^1] - without[^1]);
            var stages = Stages(cli, build, module, env);
            depsStage.Add(stages["deps"]);
            planStage.Add(stages["plan"]);
            planBare.Add(Stages(cli, build, bare, env)["plan"]);
        }
        foreach (var (k, v) in env) Environment.SetEnvironmentVariable(k, v);
        var (load, _) = Builder.LoadWithDependencies(new CrossbuildSettings().SetWorkingDirectory(module).SetCacheDirectory(Path.Combine(dir, "cache-warm")));
        var cache = new Crossbuild.Cache.BuildCache(Path.Combine(dir, "cache-warm"));
        for (var i = 0; i < 5; i++) DependencyService.Ensure(load, [load.Target.Framework], locked: true, cache);
        var api = Measure.MedianMs(21, () => DependencyService.Ensure(load, [load.Target.Framework], locked: true, cache));

        var resolved = LockFile.Read(module)!.Frameworks.Values.First().Packages.Count;
        Console.WriteLine($"# deps: {packages.Length} packages asked for, {resolved} resolved, {(registry ? "configured sources" : "local folder feed")}, " +
                          $"{Environment.ProcessorCount} cores, medians");
        Console.WriteLine();
        Console.WriteLine("| measurement | crossbuild ms | other ms | ratio | target |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| cold resolution: `crossbuild mod graph` vs `dotnet restore` ({rounds} rounds) | {Median(ours):F0} | {Median(theirs):F0} | {Median(ours) / Median(theirs):F2} | ≤ 1 |");
        Console.WriteLine($"| no-op build with the packages vs without, new process (21 pairs; median of the pairwise differences) | {Median(withPackages):F0} | {Median(without):F0} | +{Median(differences):F0} ms | < 20 ms |");
        Console.WriteLine($"| warm no-op resolution (the `deps` stage of `build --timings`), new process | {Median(depsStage):F1} | | | < 20 ms |");
        Console.WriteLine($"| asset selection (the `plan` stage with the packages vs without), new process | {Median(planStage):F1} | {Median(planBare):F1} | +{Median(planStage) - Median(planBare):F1} ms | |");
        Console.WriteLine($"| warm `DependencyService.Ensure`, in process | {api:F2} | | | < 20 ms |");
        return 0;
    }

    // The stage timings a build prints with --timings: "crossbuild: timings: load 80.1 ms, deps 9.3 ms, ...".
    private static Dictionary<string, double> Stages(string cli, string[] build, string dir, Dictionary<string, string> env)
    {
        var line = Measure.Process(cli, [.. build, "--timings"], dir, env).StdErr.Split('\n')
            .First(l => l.StartsWith("crossbuild: timings: ", StringComparison.Ordinal));
        return line["crossbuild: timings: ".Length..].Split(", ")
            .Select(part => part.Split(' '))
            .ToDictionary(x => x[0], x => double.Parse(x[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, string> Fresh(string dir, string name, bool clear = true)
    {
        var global = Path.Combine(dir, "global-" + name);
        var http = Path.Combine(dir, "http-" + name);
        if (clear)
            foreach (var d in new[] { global, http })
                if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
        return new Dictionary<string, string> { ["NUGET_PACKAGES"] = global, ["NUGET_HTTP_CACHE_PATH"] = http };
    }

    private static void WriteModule(string dir, string name, (string Id, string Version)[] packages)
    {
        Directory.CreateDirectory(Path.Combine(dir, "app"));
        var list = string.Join(", ", packages.Select(p => $"\"{p.Id}\": \"{p.Version}\""));
        File.WriteAllText(Path.Combine(dir, "crossbuild.json"), $"{{ \"module\": \"{name}\", \"packages\": {{ {list} }} }}\n");
        File.WriteAllText(Path.Combine(dir, "app", "main.cs"), "System.Console.WriteLine(1);");
    }

    // Ten packages P0..P9 over five shared ones S0..S4 (1.0.0 and 1.1.0) with cousin ranges; a nuget.config that
    // lists only the feed, beside both the module and the csproj.
    private static (string Id, string Version)[] LocalFeed(string dir)
    {
        var feed = Path.Combine(dir, "feed");
        Directory.CreateDirectory(feed);
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="bench" value="{feed}" /></packageSources></configuration>
            """);
        for (var s = 0; s < 5; s++)
            foreach (var v in new[] { "1.0.0", "1.1.0" })
                Pack(feed, $"S{s}", v, []);
        for (var p = 0; p < 10; p++)
            Pack(feed, $"P{p}", "1.0.0", [($"S{p % 5}", "1.0.0"), ($"S{(p + 1) % 5}", "1.1.0")]);
        return Enumerable.Range(0, 10).Select(p => ($"P{p}", "1.0.0")).ToArray();
    }

    private static void Pack(string feed, string id, string version, (string Id, string Range)[] dependencies)
    {
        var compilation = CSharpCompilation.Create(id, [CSharpSyntaxTree.ParseText($"namespace {id}; public static class Marker {{ }}")],
            FrameworkReferences.For(TargetFramework.Default).References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var dll = Path.Combine(feed, $"{id}.{version}.dll");
        using (var pe = File.Create(dll)) compilation.Emit(pe);
        var builder = new PackageBuilder { Id = id, Version = NuGetVersion.Parse(version), Description = "bench package" };
        builder.Authors.Add("bench");
        builder.DependencyGroups.Add(new PackageDependencyGroup(NuGetFramework.Parse("net8.0"),
            dependencies.Select(d => new PackageDependency(d.Id, VersionRange.Parse(d.Range)))));
        builder.Files.Add(new PhysicalPackageFile { SourcePath = dll, TargetPath = $"lib/net8.0/{id}.dll" });
        using var stream = File.Create(Path.Combine(feed, $"{id}.{version}.nupkg"));
        builder.Save(stream);
        File.Delete(dll);
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}
