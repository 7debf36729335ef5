namespace Crossbuild.Bench;

/// <summary>
/// <c>crossbuild ide</c> on the 40 × 12 module, and what keeping its files in step costs a no-op build:
/// <list type="bullet">
/// <item><c>crossbuild ide ./...</c> from a new process (the ReadyToRun CLI), beside <c>crossbuild version</c>, the
/// start-up floor. Target ≤ 300 ms.</item>
/// <item>a no-op build with the IDE files present against one without them, alternating, from a new process and in
/// a warm process (the library API). Target ≤ 5 ms.</item>
/// </list>
/// </summary>
public static class IdeBench
{
    public static int Run(string repoRoot, string work, int rounds)
    {
        var (dir, module, _) = Workspace.Create(work, "ide-40x12");
        var cache = Path.Combine(dir, "cache");
        if (Workspace.Cli(repoRoot) is not { } cli) return 1;
        string[] build = ["build", "--cache-dir", cache, "./..."];
        string[] ide = ["ide", "--cache-dir", cache, "./..."];
        var state = Path.Combine(module, ".crossbuild", "ide", "ide.state");
        var away = state + ".away";
        Measure.ProcessMs(cli, build, module);
        Measure.ProcessMs(cli, ide, module);

        var ideMs = new List<double>();
        var versionMs = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            ideMs.Add(Measure.ProcessMs(cli, ide, module));
            versionMs.Add(Measure.ProcessMs(cli, ["version"], module));
        }

        // Without ide.state a build does not look at the IDE files at all: that is the build without them.
        var with = new List<double>();
        var without = new List<double>();
        for (var r = 0; r < Math.Max(21, rounds); r++)
        {
            with.Add(Measure.ProcessMs(cli, build, module));
            File.Move(state, away);
            without.Add(Measure.ProcessMs(cli, build, module));
            File.Move(away, state);
        }
        var settings = new CrossbuildSettings().SetWorkingDirectory(module).SetPackages("./...").SetCacheDirectory(cache);
        for (var i = 0; i < 5; i++) Builder.Build(settings);
        var apiWith = new List<double>();
        var apiWithout = new List<double>();
        for (var r = 0; r < 41; r++)
        {
            apiWith.Add(Measure.OnceMs(() => Builder.Build(settings)));
            File.Move(state, away);
            apiWithout.Add(Measure.OnceMs(() => Builder.Build(settings)));
            File.Move(away, state);
        }

        Console.WriteLine($"# ide: 40 packages × 12 files, {Environment.ProcessorCount} cores, medians");
        Console.WriteLine();
        Console.WriteLine("| measurement | ms | target |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| crossbuild ide ./..., new process (median of {rounds}) | {Median(ideMs):F0} | ≤ 300 |");
        Console.WriteLine($"| crossbuild version, new process (start-up floor) | {Median(versionMs):F0} | |");
        Console.WriteLine($"| no-op build, new process: with IDE files / without (median of {with.Count}) | {Median(with):F0} / {Median(without):F0} = {Median(with) - Median(without):+0.0;−0.0} | ≤ +5 |");
        Console.WriteLine($"| no-op build, library API, warm: with / without (median of {apiWith.Count}) | {Median(apiWith):F1} / {Median(apiWithout):F1} = {Median(apiWith) - Median(apiWithout):+0.00;−0.00} | ≤ +5 |");
        return 0;
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}
