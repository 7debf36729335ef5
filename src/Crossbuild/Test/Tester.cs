using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Crossbuild.Common;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;
using Crossbuild.Work;

namespace Crossbuild.Test;

/// <summary>
/// <c>crossbuild test</c>, as <c>go test</c>: builds each matched package's test assembly, runs each as its own
/// process in its package's directory (in parallel up to <c>-p</c>), reads its results from its TRX report and
/// caches passing results under a key of everything the run depends on.
/// </summary>
public static class Tester
{
    /// <summary>
    /// Builds and runs the tests of the packages <paramref name="settings"/> match. <paramref name="onResult"/> is
    /// called with each package's result in order, as soon as it and those before it are known.
    /// </summary>
    public static TestRunResult Test(CrossbuildSettings settings, TestOptions options, IBuildReporter? reporter = null,
        Action<PackageTestResult>? onResult = null)
    {
        // Tests run on the JIT, as dotnet test runs them: a test host cannot be trimmed or compiled ahead of time.
        if (settings.OutputMode is { Aot: true } or { Trim: true })
            throw new Diagnostics.UsageException($"test: --{(settings.OutputMode.Aot ? "aot" : "trim")} does not apply to tests, which run on the JIT as dotnet test runs them; build the app with it and run it");
        var cache = new Cache.BuildCache(Env.CacheLocation.Resolve(settings.CacheDirectory));
        // Test assemblies are installed in the cache, one folder per module, package and target.
        AppDestination Destination(LoadedTarget t, PackageUnit unit)
        {
            var module = ContentHash.Of(t.Load.Module.Root)[..16];
            var leaf = ContentHash.Of(unit.Package.Dir + "|" + unit.Target)[..16];
            return new AppDestination(unit.Package, Path.Combine(cache.Root, "test", module, leaf), unit.Package.Name + unit.Target.Runtime.ExecutableSuffix);
        }
        var build = Builder.BuildTests(settings, reporter, Destination);
        var work = new List<Func<PackageTestResult>>();
        foreach (var target in build.Targets)
        {
            var loaded = target.Loaded!;
            var runtime = target.Target.Runtime.Value;
            foreach (var package in loaded.Matched)
            {
                var test = loaded.Load.TestOf(package.Dir);
                if (test is null)
                {
                    work.Add(() => new PackageTestResult(package.Dir, TestStatus.NoTestFiles, false, 0, []) { Runtime = runtime });
                    continue;
                }
                var unit = loaded.Units.Roots.FirstOrDefault(u => u.Package.Dir == test.Dir);
                var app = target.Apps.FirstOrDefault(a => a.PackageDir == test.Dir);
                var compiled = target.Packages.FirstOrDefault(p => p.Dir == test.Dir);
                if (unit is null || app is null || compiled?.ActionId is null)
                {
                    work.Add(() => new PackageTestResult(package.Dir, TestStatus.BuildFailed, false, 0, []) { Runtime = runtime, Problem = "build failed" });
                    continue;
                }
                var framework = compiled.TestFramework;
                if (target.Target.Runtime != Targets.RidCatalog.Host)
                {
                    work.Add(() => new PackageTestResult(package.Dir, TestStatus.NotRun, false, 0, [])
                    {
                        Runtime = runtime,
                        Framework = framework,
                        Problem = $"built for {runtime}; only {Targets.RidCatalog.Host} tests run here",
                    });
                    continue;
                }
                var key = ResultKey(compiled.ActionId, loaded, unit, target, package, options);
                work.Add(() => RunPackage(package, app, key, options, cache, loaded.Load.Module.Root, runtime, framework));
            }
        }
        var results = new PackageTestResult[work.Count];
        var done = new bool[work.Count];
        var next = 0;
        var gate = new object();
        Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Jobs) }, i =>
        {
            var r = work[i]();
            lock (gate)
            {
                results[i] = r;
                done[i] = true;
                while (next < work.Count && done[next]) onResult?.Invoke(results[next++]);
            }
        });
        var ok = build.Errors.Count == 0 && results.All(r => r.Status is TestStatus.Passed or TestStatus.NoTestFiles or TestStatus.NotRun);
        return new TestRunResult(ok, build, results);
    }

    /// <summary>
    /// The result cache's key: the test assembly's action ID and those of everything it loads, the options that
    /// change what runs, the package's <c>testdata/</c> contents and the values of the module's <c>testEnv</c> variables.
    /// </summary>
    private static string ResultKey(string testId, LoadedTarget loaded, PackageUnit unit, TargetResult target, Package package, TestOptions options)
    {
        var id = new ActionIdBuilder()
            .Add("action", "test 1")
            .Add("tool", ToolVersion.Crossbuild)
            .Add("dotnet", Env.DotnetEnvironment.Current.DotnetRoot ?? "")
            .Add("runtime", target.Target.Runtime.Value)
            .Add("assembly", testId);
        foreach (var r in loaded.Units.References(unit))
            id.Add("loads", r.Package.Dir + " " + target.Packages.FirstOrDefault(p => p.Dir == r.Package.Dir && p.Framework == r.Target.Framework.Moniker)?.ActionId);
        foreach (var line in options.KeyLines()) id.Add("option", line);
        var testdata = Path.Combine(package.FullDir, "testdata");
        if (Directory.Exists(testdata))
            foreach (var f in Directory.EnumerateFiles(testdata, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                id.Add("testdata", Path.GetRelativePath(testdata, f).Replace('\\', '/') + " " + ContentHash.OfFileOrMissing(f));
        if (File.Exists(Path.Combine(package.FullDir, TestConfigName)))
            id.Add("testconfig", ContentHash.OfFileOrMissing(Path.Combine(package.FullDir, TestConfigName)));
        foreach (var name in loaded.Load.Module.Manifest.TestEnv)
            id.Add("env", name + "=" + (Environment.GetEnvironmentVariable(name) ?? "(unset)"));
        return id.Id;
    }

    private static PackageTestResult RunPackage(Package package, BuiltApp app, string key, TestOptions options, Cache.BuildCache cache,
        string moduleRoot, string runtime, TestFrameworkKind? framework)
    {
        if (options.UsesCache && cache.Get(key) is { } entry)
        {
            try
            {
                var stored = StoredResult.Parse(cache.Read(entry.Output("result")));
                return stored with { Package = package.Dir, Cached = true, Runtime = runtime };
            }
            catch (Exception e) when (e is Cache.CacheCorruptException or IOException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                cache.Delete(key); // run again
            }
        }
        var regex = options.Run is null ? null : new Regex(options.Run);
        var watch = Stopwatch.StartNew();
        var tests = new List<TestCaseResult>();
        PackageTestResult? problem = null;
        for (var run = 0; run < (options.Count ?? 1) && problem is null; run++)
        {
            var (cases, failure) = RunOnce(package, app, options, moduleRoot);
            tests.AddRange(regex is null ? cases : cases.Where(c => RunFilter.Matches(regex, c.Name)));
            if (failure is not null) problem = failure;
        }
        var status = problem is not null || tests.Any(t => t.Outcome == TestOutcome.Failed) ? TestStatus.Failed : TestStatus.Passed;
        var result = (problem ?? new PackageTestResult(package.Dir, status, false, 0, [])) with
        {
            Status = status,
            Tests = tests,
            Seconds = watch.Elapsed.TotalSeconds,
            Runtime = runtime,
            Framework = framework,
        };
        // Failed results are never cached.
        if (status == TestStatus.Passed && options.UsesCache)
            cache.Put(key, [("result", StoredResult.Serialize(result))], [], []);
        return result;
    }

    // One run of the test process; a crash, a timeout or a missing report is the package's problem.
    private static (IReadOnlyList<TestCaseResult> Cases, PackageTestResult? Problem) RunOnce(Package package, BuiltApp app, TestOptions options, string moduleRoot)
    {
        var results = Directory.CreateTempSubdirectory("crossbuild-test-");
        try
        {
            LinkTestdata(package, app);
            CopyTestConfig(package, app);
            var root = Env.DotnetEnvironment.Current.DotnetRoot ?? throw new CrossbuildException("test: no .NET installation found");
            var psi = new ProcessStartInfo(Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"))
            {
                WorkingDirectory = package.FullDir,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            foreach (var a in (string[])["exec", app.AssemblyPath, "--results-directory", results.FullName, "--report-trx", "--report-trx-filename", "results.trx",
                         "--no-progress", "--no-ansi", "--timeout", $"{Math.Max(1, (int)options.Timeout.TotalSeconds)}s"])
                psi.ArgumentList.Add(a);
            if (options.Run is { } run && RunFilter.ToVsTest(run) is { } filter)
            {
                psi.ArgumentList.Add("--filter");
                psi.ArgumentList.Add(filter);
            }
            if (options.FailFast)
            {
                psi.ArgumentList.Add("--maximum-failed-tests");
                psi.ArgumentList.Add("1");
            }
            psi.Environment["CROSSBUILD_PACKAGE_DIR"] = package.FullDir;
            var progress = Path.Combine(results.FullName, "progress.tsv");
            psi.Environment[TestHarness.ProgressVariable] = progress;
            psi.Environment["TESTINGPLATFORM_TELEMETRY_OPTOUT"] = "1";
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            psi.Environment["TESTINGPLATFORM_NOBANNER"] = "1";
            var output = new StringBuilder();
            using var process = new Process { StartInfo = psi };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            bool exited;
            // A cancelled build (its caller went away) stops the test process with it.
            var cancel = Work.BuildCancellation.Token;
            using (cancel.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
            {
                // The platform's own timeout stops the run gracefully; this one is for a process that ignores it.
                exited = process.WaitForExit(options.Timeout + TimeSpan.FromSeconds(10));
            }
            cancel.ThrowIfCancellationRequested();
            if (!exited)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                process.WaitForExit();
            }
            process.WaitForExit();
            var trx = Directory.EnumerateFiles(results.FullName, "*.trx", SearchOption.AllDirectories).FirstOrDefault();
            var cases = trx is null ? [] : TrxReport.Read(trx, moduleRoot);
            string Tail() => string.Join('\n', output.ToString().Split('\n').Select(l => l.TrimEnd('\r'))
                .Where(l => l.Length > 0 && !l.StartsWith("warning: --no-progress is deprecated", StringComparison.Ordinal)).TakeLast(20));
            PackageTestResult Problem(string what) => new(package.Dir, TestStatus.Failed, false, 0, []) { Problem = what, Output = Tail() };
            if (!exited || process.ExitCode == 3 && output.ToString().Contains("timeout", StringComparison.OrdinalIgnoreCase))
            {
                var running = Running(progress);
                return (cases, Problem($"test timed out after {TestOptions.FormatDuration(options.Timeout)}" +
                    (running.Count == 0 ? "" : $"; running: {string.Join(", ", running)}")));
            }
            // 0: passed; 2: a test failed; 8: no test ran (none matched -run, or the package has none); 13: --maximum-failed-tests.
            return process.ExitCode switch
            {
                0 or 8 when trx is not null || process.ExitCode == 8 => (cases, null),
                2 or 13 when trx is not null => (cases, null),
                _ when trx is null => (cases, Problem($"test process exited with code {process.ExitCode} without reporting results")),
                _ => (cases, Problem($"test process exited with code {process.ExitCode}")),
            };
        }
        finally
        {
            try { results.Delete(recursive: true); } catch (IOException) { }
        }
    }

    // The tests that started and had not ended when the run stopped, by full name as the TRX report names them.
    private static IReadOnlyList<string> Running(string progress)
    {
        if (!File.Exists(progress)) return [];
        var open = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            using var stream = new FileStream(progress, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            lines = new StreamReader(stream).ReadToEnd().Split('\n');
        }
        catch (IOException)
        {
            return [];
        }
        foreach (var line in lines)
        {
            var parts = line.TrimEnd('\r').Split('\t');
            if (parts.Length < 4) continue; // a line the killed process did not finish
            var name = parts[2].Length > 0 && !parts[3].StartsWith(parts[2] + ".", StringComparison.Ordinal) ? parts[2] + "." + parts[3] : parts[3];
            if (parts[0] == "start") open[parts[1]] = name;
            else open.Remove(parts[1]);
        }
        return open.Values.Distinct(StringComparer.Ordinal).ToArray();
    }

    // The Testing Platform reads its configuration from <assembly>.testconfig.json beside the assembly; the SDK copies
    // it there from the project's testconfig.json (GenerateTestingPlatformConfigurationFile), as Crossbuild does from
    // the package's.
    private static void CopyTestConfig(Package package, BuiltApp app)
    {
        var source = Path.Combine(package.FullDir, TestConfigName);
        var target = Path.ChangeExtension(app.AssemblyPath, ".testconfig.json");
        if (File.Exists(source))
        {
            var temp = target + ".tmp";
            File.Copy(source, temp, overwrite: true);
            File.Move(temp, target, overwrite: true);
        }
        else if (File.Exists(target))
            File.Delete(target);
    }

    /// <summary>The Testing Platform's configuration file in a package's directory (an input of its results).</summary>
    public const string TestConfigName = "testconfig.json";

    // The Testing Platform runs tests in the test assembly's folder, as dotnet test does; there, testdata/ is a link
    // to the package's, so that tests open their fixtures by relative path as in Go (a copy where links are refused).
    private static void LinkTestdata(Package package, BuiltApp app)
    {
        var source = Path.Combine(package.FullDir, "testdata");
        var link = Path.Combine(Path.GetDirectoryName(app.AssemblyPath)!, "testdata");
        var existing = new DirectoryInfo(link);
        if (existing.Exists && existing.LinkTarget == source) return;
        if (existing.Exists || File.Exists(link))
        {
            if (existing.LinkTarget is not null) existing.Delete();
            else if (existing.Exists) existing.Delete(recursive: true);
            else File.Delete(link);
        }
        if (!Directory.Exists(source)) return;
        try
        {
            Directory.CreateSymbolicLink(link, source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var f in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var to = Path.Combine(link, Path.GetRelativePath(source, f));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(f, to, overwrite: true);
            }
        }
    }
}
