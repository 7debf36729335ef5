using System.Diagnostics;

namespace Crossbuild.Bench;

/// <summary>
/// <c>crossbuild watch run ./cmd/app0</c> on the 40 × 12 module: from writing a body edit in the library the program
/// prints from to the new program's first output line (target ≤ 1 s), side by side with what the same edit costs
/// today without watch: <c>crossbuild run ./cmd/app0</c> from a new process, and <c>dotnet run</c> on the csproj twin.
/// </summary>
public static class WatchBench
{
    public static int Run(string repoRoot, string work, int rounds)
    {
        var (dir, module, csproj) = Workspace.Create(work, "watch-40x12");
        if (Workspace.Cli(repoRoot) is not { } cli) return 1;
        var cache = Path.Combine(dir, "cache");
        // The library cmd/app0's total comes from first: its first using directive (Bench.Lib.P37 is lib/p37).
        var main = File.ReadAllText(Path.Combine(module, "cmd", "app0", "f00.cs"));
        var ns = main.Split('\n')[0]["using ".Length..].TrimEnd(';', '\r');
        var lib = Path.Combine("lib", ns.Split('.')[^1].ToLowerInvariant());

        var lines = new List<(double At, string Line)>();
        var clock = Stopwatch.StartNew();
        var psi = new ProcessStartInfo(cli) { WorkingDirectory = module, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "watch", "run", "--cache-dir", cache, "./cmd/app0" }) psi.ArgumentList.Add(a);
        using var watch = Process.Start(psi)!;
        void Collect(string? line)
        {
            if (line is null) return;
            lock (lines)
            {
                lines.Add((clock.Elapsed.TotalMilliseconds, line));
                Monitor.PulseAll(lines);
            }
        }
        watch.OutputDataReceived += (_, e) => Collect(e.Data);
        watch.ErrorDataReceived += (_, e) => Collect(e.Data);
        watch.BeginOutputReadLine();
        watch.BeginErrorReadLine();
        (double At, string Line) Next(Func<string, bool> match, int skip, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (lines)
                while (true)
                {
                    for (var i = skip; i < lines.Count; i++)
                        if (match(lines[i].Line)) return lines[i];
                    if (DateTime.UtcNow > deadline) throw new TimeoutException("watch printed:\n" + string.Join("\n", lines.Select(l => l.Line)));
                    Monitor.Wait(lines, 200);
                }
        }

        var latency = new List<double>();
        var reported = new List<string>();
        var ours = new List<double>();
        var theirs = new List<double>();
        try
        {
            Next(l => l.StartsWith("total ", StringComparison.Ordinal), 0, TimeSpan.FromMinutes(5));
            // Prime the other two: a first run of each after the first build.
            // The new-process runs keep a cache of their own: the watch's would already hold each edit's compile.
            var own = Path.Combine(dir, "cache-run");
            Measure.ProcessMs(cli, ["run", "--cache-dir", own, "./cmd/app0"], module);
            Measure.ProcessMs("dotnet", ["run", "--project", Path.Combine("cmd", "app0")], csproj);
            for (var r = 0; r < rounds; r++)
            {
                int skip;
                lock (lines) skip = lines.Count;
                var at = clock.Elapsed.TotalMilliseconds;
                Edit(Path.Combine(module, lib, "f00.cs"), r);
                var printed = Next(l => l.StartsWith("total ", StringComparison.Ordinal), skip, TimeSpan.FromMinutes(2));
                latency.Add(printed.At - at);
                reported.Add(Next(l => l.StartsWith("watch: ", StringComparison.Ordinal), skip, TimeSpan.FromSeconds(10)).Line);
                Thread.Sleep(300); // the program's exit line, before the next edit
                // The same edit without watch: the CLI from a new process, and the SDK on the csproj twin.
                Edit(Path.Combine(module, lib, "f00.cs"), r + 1000);
                Thread.Sleep(800); // the watch builds it too; measure the others after it is done
                ours.Add(Measure.ProcessMs(cli, ["run", "--cache-dir", own, "./cmd/app0"], module));
                Edit(Path.Combine(csproj, lib, "f00.cs"), r);
                theirs.Add(Measure.ProcessMs("dotnet", ["run", "--project", Path.Combine("cmd", "app0")], csproj));
            }
        }
        finally
        {
            if (!watch.HasExited) watch.Kill(entireProcessTree: true);
        }

        var w = Median(latency);
        var o = Median(ours);
        var t = Median(theirs);
        Console.WriteLine($"# watch: 40 packages × 12 files, body edit in {lib.Replace('\\', '/')} (cmd/app0 prints from it), {Environment.ProcessorCount} cores, {rounds} rounds, medians");
        Console.WriteLine();
        Console.WriteLine("| from the write to the program's first line | ms | ratio to dotnet run | target |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| `crossbuild watch run ./cmd/app0` | {w:F0} | {w / t:F3} | ≤ 1000 ms |");
        Console.WriteLine($"| `crossbuild run ./cmd/app0`, new process, after the same edit | {o:F0} | {o / t:F3} | |");
        Console.WriteLine($"| `dotnet run --project cmd/app0` on the csproj twin, after the same edit | {t:F0} | 1 | |");
        Console.WriteLine();
        Console.WriteLine($"watch's own line, last round: {reported[^1]}");
        return w <= 1000 ? 0 : 1;
    }

    // A body edit: the value the program prints changes, the library's reference assembly does not.
    private static void Edit(string path, int round)
    {
        var text = File.ReadAllText(path);
        var marker = "var acc = seed;";
        var at = text.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        File.WriteAllText(path, text[..at] + $" acc += {round + 1};" + text[at..]);
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}
