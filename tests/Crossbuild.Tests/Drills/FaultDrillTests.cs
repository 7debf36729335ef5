using System.Diagnostics;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Drills;

/// <summary>
/// Fault drills through the real CLI on a generated module: builds killed with SIGKILL at random moments, several
/// processes on one cache, and a damaged cache. After each, a build succeeds and every output is byte-identical to
/// a clean build's with a fresh cache.
/// </summary>
public class FaultDrillTests
{
    // Six libraries in a chain and a diamond, and two executables.
    private static TempTree Module()
    {
        var tree = new TempTree().Module("Acme");
        for (var i = 0; i < 6; i++)
        {
            var uses = i == 0 ? "1" : $"Acme.lib.p{i - 1}.P.V() + {i}";
            tree.File($"lib/p{i}/p.cs", $"namespace Acme.lib.p{i}; public static class P {{ public static int V() => {uses}; }}");
            tree.File($"lib/p{i}/more.cs", $"namespace Acme.lib.p{i}; public static class More{i} {{ public static string S => \"{new string('x', 200)}\"; }}");
        }
        tree.File("cmd/a/main.cs", "System.Console.WriteLine(Acme.lib.p5.P.V());");
        tree.File("cmd/b/main.cs", "System.Console.WriteLine(Acme.lib.p3.P.V() * 2);");
        return tree;
    }

    private static Dictionary<string, string> Env(string cache) => new() { ["CROSSBUILD_CACHE"] = cache };

    private static void Build(TempTree tree, string cache, string output, params string[] flags)
    {
        var r = CliRunner.Run(tree.Root, Env(cache), ["build", "-o", output + "/", .. flags, "./..."]);
        r.ExitCode.Should().Be(0, r.StdErr);
    }

    private static void Identical(string a, string b)
    {
        var files = Directory.GetFiles(b, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b, f)).Order().ToArray();
        Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
            .Order().Should().Equal(files);
        foreach (var f in files)
            File.ReadAllBytes(Path.Combine(a, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))).Should().BeTrue(f);
    }

    // Starts a build and kills it (SIGKILL) after delayMs; true when it was still running.
    private static bool KillDuring(TempTree tree, string cache, string output, int delayMs, params string[] flags)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = tree.Root, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        string[] args = [CliRunner.CliDll, "build", "-o", output + "/", .. flags, "./..."];
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CROSSBUILD_CACHE"] = cache;
        using var p = Process.Start(psi)!;
        _ = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        var killed = !p.WaitForExit(delayMs);
        if (killed) p.Kill(entireProcessTree: true);
        p.WaitForExit();
        return killed;
    }

    [Fact]
    public void BuildsKilledAtRandomMomentsLeaveACacheThatBuildsTheSameBytes()
    {
        using var tree = Module();
        var cache = tree.Path("cache");
        var random = new Random(12345);
        var killed = 0;
        for (var i = 0; i < 20; i++)
        {
            // Most with -a, so the kill lands while cache entries and outputs are being written.
            string[] flags = i % 4 == 3 ? [] : ["-a"];
            if (KillDuring(tree, cache, tree.Path("out"), random.Next(150, 3500), flags)) killed++;
        }
        killed.Should().BeGreaterThan(10, "most builds must have been killed mid-way for the drill to mean anything");
        Build(tree, cache, tree.Path("out"));
        Build(tree, tree.Path("fresh"), tree.Path("clean"));
        Identical(tree.Path("out"), tree.Path("clean"));
        ProcessRunner.Run(tree.Path("out/a"), tree.Root).StdOut.Should().Be("16\n");
    }

    [Fact]
    public async Task FourProcessesFiveRoundsOneCacheWithAnEditBetweenRounds()
    {
        using var tree = Module();
        var cache = tree.Path("cache");
        for (var round = 0; round < 5; round++)
        {
            tree.File("lib/p2/p.cs", $"namespace Acme.lib.p2; public static class P {{ public static int V() => Acme.lib.p1.P.V() + {round + 2}; }}");
            var builds = Enumerable.Range(0, 4).Select(n => Task.Run(() =>
                CliRunner.Run(tree.Root, Env(cache), "build", "-o", $"out{n}/", "./..."))).ToArray();
            var results = await Task.WhenAll(builds);
            results.Should().OnlyContain(r => r.ExitCode == 0, string.Join("\n", results.Select(r => r.StdErr)));
            for (var n = 1; n < 4; n++) Identical(tree.Path($"out{n}"), tree.Path("out0"));
            ProcessRunner.Run(tree.Path("out0/a"), tree.Root).StdOut.Should().Be($"{16 + round}\n");
        }
        Build(tree, tree.Path("fresh"), tree.Path("clean"));
        Identical(tree.Path("out0"), tree.Path("clean"));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    public void DamageAnywhereInTheCacheIsReportedAndRebuilt(string damage)
    {
        using var tree = Module();
        var cache = tree.Path("cache");
        Build(tree, cache, tree.Path("out"));
        var random = new Random(damage.Length);
        var files = Directory.GetFiles(cache, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("README", StringComparison.Ordinal)).Order().ToArray();
        files.Should().Contain(f => f.Contains(Path.DirectorySeparatorChar + "facts" + Path.DirectorySeparatorChar));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var damaged = damage switch
            {
                "flip" when bytes.Length > 0 => Flip(bytes, random.Next(bytes.Length)),
                "truncate" => bytes[..(bytes.Length / 2)],
                _ => [],
            };
            File.WriteAllBytes(file, damaged);
        }
        var r = CliRunner.Run(tree.Root, Env(cache), "build", "-o", "out/", "./...");
        r.ExitCode.Should().Be(0, r.StdErr);
        r.StdErr.Should().Contain("crossbuild: cache: ", "damaged entries are reported");
        r.StdErr.Should().NotContain("   at ");
        Build(tree, tree.Path("fresh"), tree.Path("clean"));
        Identical(tree.Path("out"), tree.Path("clean"));
        // And the cache is whole again: the next build compiles nothing.
        CliRunner.Run(tree.Root, Env(cache), "build", "-v", "-o", "out/", "./...").StdErr.Should().BeEmpty();
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        bytes[at] ^= 0x5A;
        return bytes;
    }
}
