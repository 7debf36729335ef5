using Crossbuild.Plan;

namespace Crossbuild.Bench;

/// <summary>
/// Incremental builds on the 40 × 12 module and its csproj tree, side by side in one run:
/// <list type="bullet">
/// <item>a no-op <c>crossbuild build ./...</c> from a new process against a no-op <c>dotnet build</c>. Target ≤ 1/50.</item>
/// <item>a no-op through the library API in a warm process. Target ≤ 1/200 of the <c>dotnet build</c> no-op.</item>
/// <item>a body edit in one file of a leaf library, then a build. Target ≤ 0.2× <c>dotnet build</c> on the same edit.</item>
/// </list>
/// </summary>
public static class IncrementalBench
{
    public static int Run(string repoRoot, string work, int rounds)
    {
        var (dir, module, csproj) = Workspace.Create(work, "incremental-40x12");
        var cache = Path.Combine(dir, "cache");
        if (Workspace.Cli(repoRoot) is not { } cli) return 1;
        string[] ours = ["build", "--cache-dir", cache, "./..."];
        string[] theirs = ["build", "All.sln", "-nologo", "-v:q"];

        // Prime both, so that what follows is incremental.
        Measure.ProcessMs(cli, ours, module);
        Measure.ProcessMs("dotnet", theirs, csproj);
        Measure.ProcessMs(cli, ours, module);
        Measure.ProcessMs("dotnet", theirs, csproj);

        var noopOurs = new List<double>();
        var noopTheirs = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            noopOurs.Add(Measure.ProcessMs(cli, ours, module));
            noopTheirs.Add(Measure.ProcessMs("dotnet", theirs, csproj));
        }

        // The progress line's cost: the same no-op on a terminal (util-linux script gives the CLI a pseudo-terminal),
        // with the line on and with it off (CI set, which turns off only the line), alternating; both pay the same
        // terminal overhead.
        var tty = OperatingSystem.IsLinux() && File.Exists("/usr/bin/script");
        var lineOn = new List<double>();
        var lineOff = new List<double>();
        if (tty)
        {
            string[] onTerminal = ["-qec", string.Join(" ", ((string[])[cli, .. ours]).Select(a => "'" + a + "'")), "/dev/null"];
            for (var r = 0; r < Math.Max(31, rounds); r++)
            {
                lineOn.Add(Measure.ProcessMs("script", onTerminal, module, new Dictionary<string, string> { ["TERM"] = "xterm", ["CI"] = "" }));
                lineOff.Add(Measure.ProcessMs("script", onTerminal, module, new Dictionary<string, string> { ["TERM"] = "xterm", ["CI"] = "1" }));
            }
        }

        var settings = new CrossbuildSettings().SetWorkingDirectory(module).SetPackages("./...").SetCacheDirectory(cache);
        for (var i = 0; i < 5; i++) Builder.Build(settings);
        var api = Measure.MedianMs(21, () =>
        {
            var result = Builder.Build(settings);
            if (!result.Succeeded || result.Compiled.Count > 0) throw new InvalidOperationException("the warm no-op compiled something");
        });

        var editOurs = new List<double>();
        var editTheirs = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            Edit(Path.Combine(module, "lib", "p00", "f05.cs"), r);
            Edit(Path.Combine(csproj, "lib", "p00", "f05.cs"), r);
            editOurs.Add(Measure.ProcessMs(cli, ours, module));
            editTheirs.Add(Measure.ProcessMs("dotnet", theirs, csproj));
        }

        // The same through the warm build server (started by the first command, stopped at the end).
        var server = new Dictionary<string, string> { ["CROSSBUILD_SERVER"] = "1", ["CROSSBUILD_SERVER_DIR"] = Path.Combine(dir, "srv"), ["CI"] = "" };
        var noopServer = new List<double>();
        var editServer = new List<double>();
        double firstMb = 0, hundredMb = 0;
        try
        {
            for (var i = 0; i < 3; i++) Measure.ProcessMs(cli, ours, module, server);
            for (var r = 0; r < Math.Max(rounds, 11); r++) noopServer.Add(Measure.ProcessMs(cli, ours, module, server));
            // A server that has compiled a few times, as after a developer's first edits: its compiler is JIT-compiled.
            // Edits come at a developer's pace, a couple of seconds apart, in which the runtime's tiered JIT and the
            // server's idle warm-up optimise the compiler (back to back, each edit would also pay for that JIT work).
            for (var r = 0; r < 3; r++)
            {
                Thread.Sleep(PauseMs);
                Edit(Path.Combine(module, "lib", "p00", "f05.cs"), 50 + r);
                Measure.ProcessMs(cli, ours, module, server);
            }
            for (var r = 0; r < Math.Max(rounds, 5); r++)
            {
                Thread.Sleep(PauseMs);
                Edit(Path.Combine(module, "lib", "p00", "f05.cs"), 100 + r);
                editServer.Add(Measure.ProcessMs(cli, ours, module, server));
            }
            // Resident memory after the first builds and after 100 more, each after a body edit.
            firstMb = Resident(cli, module, server);
            for (var r = 0; r < 100; r++)
            {
                Edit(Path.Combine(module, "lib", "p00", "f05.cs"), 200 + r);
                Measure.ProcessMs(cli, ours, module, server);
            }
            hundredMb = Resident(cli, module, server);
        }
        finally
        {
            Measure.Process(cli, ["server", "stop"], module, server);
        }

        var no = Median(noopOurs);
        var nt = Median(noopTheirs);
        var eo = Median(editOurs);
        var et = Median(editTheirs);
        Console.WriteLine($"# incremental: 40 packages × 12 files, {Environment.ProcessorCount} cores, {rounds} round(s), medians");
        Console.WriteLine();
        Console.WriteLine("| measurement | crossbuild ms | dotnet build ms | ratio | target |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| no-op, new process | {no:F0} | {nt:F0} | {no / nt:F4} (1/{nt / no:F0}) | ≤ 1/50 |");
        Console.WriteLine($"| no-op, library API in a warm process | {api:F1} | {nt:F0} | {api / nt:F4} (1/{nt / api:F0}) | ≤ 1/200 |");
        Console.WriteLine($"| body edit in lib/p00/f05.cs | {eo:F0} | {et:F0} | {eo / et:F3} | ≤ 0.2 |");
        var ns = Median(noopServer);
        var es = Median(editServer);
        Console.WriteLine($"| no-op through the warm server | {ns:F0} | {nt:F0} | {ns / nt:F4} (1/{nt / ns:F0}) | ≤ 1/100 |");
        Console.WriteLine($"| body edit through the warm server ({PauseMs / 1000} s between edits) | {es:F0} | {et:F0} | {es / et:F3} (1/{et / es:F0}); {es / eo:F2}× in process | ≤ 1/25; ≤ 0.3× |");
        Console.WriteLine();
        Console.WriteLine($"Server resident memory: {firstMb:F0} MB after {6 + Math.Max(rounds, 11) + Math.Max(rounds, 5)} builds, {hundredMb:F0} MB after 100 more body edits and builds " +
                          $"({hundredMb / firstMb:F2}×, target ≤ 1.5×).");
        if (tty)
        {
            Console.WriteLine();
            Console.WriteLine($"No-op on a pseudo-terminal, median of {lineOn.Count}: progress line on {Median(lineOn):F0} ms, off (CI=1) {Median(lineOff):F0} ms, " +
                              $"difference {Median(lineOn) - Median(lineOff):F1} ms (target ≤ 2 ms).");
        }
        return 0;
    }

    // The server's resident memory, from crossbuild server status ("…, 230 MB resident, …").
    private static double Resident(string cli, string module, IReadOnlyDictionary<string, string> env)
    {
        var status = Measure.ProcessOut(cli, ["server", "status"], module, env).StdOut;
        var match = System.Text.RegularExpressions.Regex.Match(status, @"(\d+) MB resident");
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("server status: " + status);
    }

    // A method-body change: the reference assembly stays the same.
    // The pause before each edit through the server.
    private const int PauseMs = 2000;

    private static void Edit(string path, int round)
    {
        var text = File.ReadAllText(path);
        var marker = "for (var i = 0; i < 10; i++)";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        File.WriteAllText(path, text[..at] + $"acc += {round + 1};\n        " + text[at..]);
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}
