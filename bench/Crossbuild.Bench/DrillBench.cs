using System.Diagnostics;

namespace Crossbuild.Bench;

/// <summary>
/// The long version of the CI fault drills (<c>tests/Crossbuild.Tests/Drills</c>) on the generated 40 × 12 module
/// with the published CLI: <c>kills</c> builds killed with SIGKILL at random moments (most with <c>-a</c>), then
/// rounds of four concurrent builds on one cache with an edit between rounds, then a final build compared file by
/// file with a clean build on a fresh cache.
/// </summary>
public static class DrillBench
{
    public static int Run(string root, string work, int kills)
    {
        if (Workspace.Cli(root) is not { } cli) return 1;
        var ws = Workspace.Create(work, "drill-40x12");
        var cache = Path.Combine(ws.Dir, "cache");
        var env = new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = cache };
        var random = new Random(2026);
        var killed = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < kills; i++)
        {
            string[] args = i % 4 == 3 ? ["build", "-o", "out/", "./..."] : ["build", "-a", "-o", "out/", "./..."];
            var psi = new ProcessStartInfo(cli) { WorkingDirectory = ws.Module, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            psi.Environment["CROSSBUILD_SERVER"] = "0"; // the drill kills the process that builds
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["CROSSBUILD_CACHE"] = cache;
            using var p = Process.Start(psi)!;
            _ = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(random.Next(100, 6000)))
            {
                p.Kill(entireProcessTree: true);
                killed++;
            }
            p.WaitForExit();
        }
        var killSeconds = clock.Elapsed.TotalSeconds;

        var rounds = Math.Max(2, kills / 20);
        var failures = 0;
        var file = Path.Combine(ws.Module, "lib", "p00", "f05.cs");
        for (var round = 0; round < rounds; round++)
        {
            File.AppendAllText(file, $"\n// round {round}\n");
            var builds = Enumerable.Range(0, 4).Select(n => Task.Run(() =>
            {
                try
                {
                    Measure.Process(cli, ["build", "-o", $"c{n}/", "./..."], ws.Module, env);
                    return true;
                }
                catch (InvalidOperationException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return false;
                }
            })).ToArray();
            failures += Task.WhenAll(builds).GetAwaiter().GetResult().Count(ok => !ok);
        }

        Measure.Process(cli, ["build", "-o", "out/", "./..."], ws.Module, env);
        Measure.Process(cli, ["build", "-o", "clean/", "./..."], ws.Module, new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = Path.Combine(ws.Dir, "fresh") });
        var compared = 0;
        var different = new List<string>();
        foreach (var dir in new[] { "out" }.Concat(Enumerable.Range(0, 4).Select(n => $"c{n}")))
            foreach (var f in Directory.GetFiles(Path.Combine(ws.Module, "clean"), "*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(Path.Combine(ws.Module, "clean"), f);
                compared++;
                var other = Path.Combine(ws.Module, dir, rel);
                if (!File.Exists(other) || !File.ReadAllBytes(other).AsSpan().SequenceEqual(File.ReadAllBytes(f))) different.Add(Path.Combine(dir, rel));
            }
        Console.WriteLine($"# drills: 40 packages × 12 files");
        Console.WriteLine();
        Console.WriteLine($"- {kills} builds started, {killed} killed with SIGKILL mid-build ({killSeconds:F0} s)");
        Console.WriteLine($"- {rounds} rounds × 4 concurrent builds on one cache with an edit between rounds: {failures} failed");
        Console.WriteLine($"- final outputs compared with a clean build on a fresh cache: {compared} files, {different.Count} different");
        foreach (var d in different.Take(10)) Console.WriteLine("  differs: " + d);
        return failures == 0 && different.Count == 0 ? 0 : 1;
    }
}
