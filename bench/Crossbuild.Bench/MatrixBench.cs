namespace Crossbuild.Bench;

/// <summary>
/// Cross-compiling the 40 × 12 module for six runtimes in one run, side by side:
/// <list type="bullet">
/// <item>cold six-RID <c>crossbuild build -c Release -r …six… -o</c> against the cold single-RID build (fresh cache each). Target ≤ 1.2×.</item>
/// <item>the same six-RID build against six <c>dotnet publish -r</c> runs of the csproj tree. Target ≥ 5× faster.</item>
/// </list>
/// </summary>
public static class MatrixBench
{
    public static readonly string[] Six = ["linux-x64", "linux-arm64", "linux-musl-x64", "osx-x64", "osx-arm64", "win-x64"];

    public static int Run(string repoRoot, string work, string[] rids)
    {
        var (dir, module, csproj) = Workspace.Create(work, "matrix-40x12");
        if (Workspace.Cli(repoRoot) is not { } cli) return 1;

        double Crossbuild(string name, string[] runtimes) =>
            Measure.ProcessMs(cli, ["build", "-c", "Release", "--cache-dir", Path.Combine(dir, "cache-" + name),
                "-r", string.Join(',', runtimes), "-o", Path.Combine(dir, "out-" + name) + "/", "./..."], module);

        var one = Crossbuild("one", [rids[0]]);
        var all = Crossbuild("all", rids);
        var publish = 0.0;
        Measure.ProcessMs("dotnet", ["build-server", "shutdown"], csproj);
        foreach (var rid in rids)
            publish += Measure.ProcessMs("dotnet", ["publish", "All.sln", "-c", "Release", "-r", rid, "-nologo", "-v:q"], csproj);

        Console.WriteLine($"# matrix: 40 packages × 12 files, {rids.Length} runtimes ({string.Join(", ", rids)}), {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| measurement | ms |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| crossbuild, cold, one runtime ({rids[0]}) | {one:F0} |");
        Console.WriteLine($"| crossbuild, cold, {rids.Length} runtimes in one run | {all:F0} |");
        Console.WriteLine($"| {rids.Length} × `dotnet publish -r` (first one cold) | {publish:F0} |");
        Console.WriteLine($"| ratio {rids.Length} runtimes / one (target ≤ 1.2) | {all / one:F2} |");
        Console.WriteLine($"| speed-up over dotnet publish (target ≥ 5) | {publish / all:F1}× |");
        return 0;
    }
}
