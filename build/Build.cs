using System.Diagnostics;
using System.Xml.Linq;

namespace Build;

/// <summary>
/// Targets: compile, test, pack, publish, sample. Run as <c>./build.sh &lt;target&gt;</c>.
/// </summary>
public static class Program
{
    private static readonly string Root = FindRoot();
    private static readonly string Artifacts = Path.Combine(Root, "artifacts");

    public static int Main(string[] args)
    {
        var target = args.Length > 0 ? args[0] : "test";
        var rest = args.Skip(1).ToArray();
        try
        {
            return target switch
            {
                "compile" => Compile(),
                "test" => Test(rest),
                "pack" => Pack(),
                "publish" => Publish(),
                "sample" => Sample(),
                "help" or "--help" or "-h" => Help(),
                _ => Fail($"unknown target '{target}'"),
            };
        }
        catch (BuildFailure e)
        {
            Console.Error.WriteLine($"build: {e.Message}");
            return 1;
        }
    }

    private static int Help()
    {
        Console.WriteLine("usage: ./build.sh [compile|test|pack|publish|sample]");
        Console.WriteLine("  compile  build Plugin.sln (Release)");
        Console.WriteLine("  test     run every test; the last line is 'N passed, N failed[, N skipped]'");
        Console.WriteLine("  pack     pack the crossbuild dotnet tool and the Crossbuild library into artifacts/packages");
        Console.WriteLine("  publish  publish the crossbuild CLI ReadyToRun for the host into artifacts/cli");
        Console.WriteLine("  sample   publish the CLI, then list, build and run samples/hello, samples/packages and samples/imported, and test samples/tested, with it");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"build: {message}");
        Help();
        return 2;
    }

    private static int Compile()
    {
        Dotnet("build", "Plugin.sln", "-c", "Release", "-nologo", "-clp:NoSummary");
        return 0;
    }

    private static int Test(string[] extra)
    {
        var results = Path.Combine(Artifacts, "test-results");
        if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        var code = Run("dotnet", ["test", "Plugin.sln", "-c", "Release", "-nologo",
            "--logger", "trx", "--logger", "console;verbosity=minimal", "--results-directory", results, .. extra], check: false);
        var trx = Directory.Exists(results) ? Directory.GetFiles(results, "*.trx", SearchOption.AllDirectories) : [];
        if (trx.Length == 0)
        {
            Console.Error.WriteLine("build: the tests did not run (see the errors above)");
            Console.WriteLine("0 passed, 1 failed");
            return code == 0 ? 1 : code;
        }
        long passed = 0, failed = 0, skipped = 0;
        foreach (var file in trx)
        {
            var counters = XDocument.Load(file).Descendants().First(e => e.Name.LocalName == "Counters");
            long Get(string name) => long.Parse(counters.Attribute(name)?.Value ?? "0");
            passed += Get("passed");
            failed += Get("failed") + Get("error") + Get("timeout") + Get("aborted");
            // xunit's skipped tests are counted in "total" but neither executed nor "notExecuted".
            skipped += Math.Max(Get("notExecuted"), Get("total") - Get("executed"));
        }
        if (code != 0 && failed == 0) failed = 1; // the run failed without a failing test: count it
        Console.WriteLine(skipped > 0 ? $"{passed} passed, {failed} failed, {skipped} skipped" : $"{passed} passed, {failed} failed");
        return failed > 0 ? 1 : 0;
    }

    private static int Pack()
    {
        var output = Path.Combine(Artifacts, "packages");
        Dotnet("pack", "src/Crossbuild.Adapters/Crossbuild.Adapters.csproj", "-c", "Release", "-o", output, "-nologo");
        Dotnet("pack", "src/Crossbuild/Crossbuild.csproj", "-c", "Release", "-o", output, "-nologo");
        // The tool as .NET 10 RID-specific packages, ReadyToRun for the six main runtimes, plus the portable one.
        Dotnet("pack", "src/Crossbuild.Cli/Crossbuild.Cli.csproj", "-c", "Release", "-o", output, "-nologo", "-p:CrossbuildToolPackages=true");
        Dotnet("pack", "src/Crossbuild.Nuke/Crossbuild.Nuke.csproj", "-c", "Release", "-o", output, "-nologo");
        Dotnet("pack", "src/Crossbuild.Cake/Crossbuild.Cake.csproj", "-c", "Release", "-o", output, "-nologo");
        foreach (var p in Directory.GetFiles(output, "*.nupkg").Order())
            Console.WriteLine(Path.GetRelativePath(Root, p));
        return 0;
    }

    private static int Publish()
    {
        Dotnet("publish", "src/Crossbuild.Cli/Crossbuild.Cli.csproj", "-c", "Release", "-o", CliDir, "-nologo",
            "-p:PublishReadyToRun=true", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier,
            "--self-contained", "false");
        // The launcher is the command users type; it finds Crossbuild.Cli.dll by the name built into it. (The
        // assembly cannot be called crossbuild: on a case-insensitive file system it would be the engine's Crossbuild.dll.)
        var launcher = Path.Combine(CliDir, OperatingSystem.IsWindows() ? "Crossbuild.Cli.exe" : "Crossbuild.Cli");
        File.Move(launcher, CliPath, overwrite: true);
        Console.WriteLine($"published {Path.GetRelativePath(Root, CliPath)}");
        return 0;
    }

    private static string CliDir => Path.Combine(Artifacts, "cli");

    private static string CliPath => Path.Combine(CliDir, OperatingSystem.IsWindows() ? "crossbuild.exe" : "crossbuild");

    private static int Sample()
    {
        Publish();
        var sample = Path.Combine(Root, "samples", "hello");
        var output = Path.Combine(Artifacts, "sample") + Path.DirectorySeparatorChar;
        foreach (var args in new[]
                 {
                     new[] { "version" },
                     ["list", "./..."],
                     ["list", "-r", "win-x64", "--tags", "fancy", "--json", "./cmd/hello"],
                     ["build", "-v", "-o", output, "./..."],
                     ["run", "--tags", "fancy", "./cmd/hello", "--", "crossbuild"],
                     ["version", "-m", Path.Combine(output, "hello")],
                     // Cross-compiled: one compile per effective configuration; other RIDs' host packs come from NuGet.
                     ["build", "-v", "-r", "linux-x64,linux-musl-x64,win-x64,osx-arm64", "-o", Path.Combine(output, "dist") + Path.DirectorySeparatorChar, "./cmd/hello"],
                 })
        {
            Console.WriteLine($"$ crossbuild {string.Join(' ', args)}");
            Run(CliPath, args, workingDirectory: sample);
        }
        Console.WriteLine($"$ {output}hello");
        Run(Path.Combine(output, "hello"), [], workingDirectory: sample);
        foreach (var dir in Directory.GetDirectories(Path.Combine(output, "dist")).Order(StringComparer.Ordinal))
            Console.WriteLine($"{Path.GetRelativePath(Root, dir)}: {string.Join(' ', Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal))}");

        // NuGet packages: resolved from the lock file (--locked fails rather than change it), fetched on first use.
        var packages = Path.Combine(Root, "samples", "packages");
        var shelf = Path.Combine(Artifacts, "sample-packages") + Path.DirectorySeparatorChar;
        foreach (var args in new[] { new[] { "build", "--locked", "-o", shelf, "./..." }, ["mod", "graph"], ["mod", "why", "Newtonsoft.Json"] })
        {
            Console.WriteLine($"$ crossbuild {string.Join(' ', args)}");
            Run(CliPath, args, workingDirectory: packages);
        }
        Console.WriteLine($"$ {shelf}shelf");
        Run(Path.Combine(shelf, "shelf"), [], workingDirectory: packages);

        // A library moved in from its csproj with crossbuild init --from (its manifests are committed; the csproj stays beside).
        var imported = Path.Combine(Root, "samples", "imported");
        var probe = Path.Combine(Artifacts, "sample-imported") + Path.DirectorySeparatorChar;
        Console.WriteLine($"$ crossbuild build -o {probe} ./cmd/probe   # in samples/imported");
        Run(CliPath, ["build", "-o", probe, "./cmd/probe"], workingDirectory: imported);
        Run(Path.Combine(probe, "Imported.Probe"), [], workingDirectory: imported);

        // Tests beside the code, in xUnit.net v3, NUnit and MSTest; the second run replays every result from the cache.
        var tested = Path.Combine(Root, "samples", "tested");
        foreach (var args in new[] { new[] { "test", "--locked", "./..." }, ["test", "--locked", "./..."] })
        {
            Console.WriteLine($"$ crossbuild {string.Join(' ', args)}   # in samples/tested");
            Run(CliPath, args, workingDirectory: tested);
        }

        // The same engine through its typed API, as Nuke, Cake and script builds call it.
        Console.WriteLine("$ CrossbuildTasks.Build(samples/diamond, Release, -X channel=api)");
        var result = Crossbuild.CrossbuildTasks.Build(s => s
            .SetWorkingDirectory(Path.Combine(Root, "samples", "diamond"))
            .SetPackages("./...")
            .SetConfiguration("Release")
            .AddValues("channel=api")
            .SetOutputDirectory(Path.Combine(Artifacts, "sample-api")));
        foreach (var target in result.Targets)
            foreach (var app in target.Apps)
                Console.WriteLine($"{target.Target}: {Path.GetRelativePath(Root, app.AppHostPath)}, " +
                                  $"{target.Packages.Count(p => p.CacheHit)}/{target.Packages.Count} packages from the cache");
        Run(Path.Combine(Artifacts, "sample-api", "app"), [], workingDirectory: Root); // its exit code is its argument count
        return 0;
    }

    private static void Dotnet(params string[] args) => Run("dotnet", args);

    private static int Run(string file, string[] args, bool check = true, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory ?? Root, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new BuildFailure($"cannot start {file}");
        p.WaitForExit();
        if (check && p.ExitCode != 0)
            throw new BuildFailure($"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {p.ExitCode}");
        return p.ExitCode;
    }

    private static string FindRoot()
    {
        for (var d = AppContext.BaseDirectory; d is not null; d = Path.GetDirectoryName(d))
            if (File.Exists(Path.Combine(d, "Plugin.sln")))
                return d;
        return Directory.GetCurrentDirectory();
    }

    private sealed class BuildFailure(string message) : Exception(message);
}
