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
        // Sources older than the facts cache's two-second window, so that its files are written and can be damaged.
        foreach (var f in Directory.GetFiles(tree.Root, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddHours(-1));
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

    private static bool KillDuring(TempTree tree, string cache, string output, int delayMs, params string[] flags) =>
        Kill.During(tree.Root, new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = cache }, delayMs, ["build", "-o", output + "/", .. flags, "./..."]);

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
            if (KillDuring(tree, cache, tree.Path("out"), random.Next(150, 1500), flags)) killed++;
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

/// <summary>Disk full (ENOSPC) while cache entries and outputs are written, on a small tmpfs.</summary>
public class DiskFullDrillTests
{
    private static void OneLine(ProcessRunner.Result r)
    {
        r.ExitCode.Should().Be(1, r.StdErr);
        r.StdErr.Should().NotContain("   at ");
        r.StdErr.Trim().Split('\n').Should().ContainSingle().Which.Should().Match("crossbuild: cannot write *No space left on device*");
    }

    private static TempTree Module()
    {
        var tree = new TempTree().Module("Acme");
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hi\"; }");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi);");
        return tree;
    }

    [SmallDiskFact]
    public void AFullCacheFailsInOneLineAndNoPartialEntryIsAcceptedLater()
    {
        using var tree = Module();
        using var disk = SmallDisk.Mount(tree.Path("disk"), 4096);
        var env = new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = Path.Combine(disk.Path, "cache") };
        CliRunner.Run(tree.Root, env, "build", "-o", "out/", "./...").ExitCode.Should().Be(0);
        var before = File.ReadAllBytes(tree.Path("out/app.dll"));
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hello\"; }");
        disk.Fill(leaveBytes: 2048);
        OneLine(CliRunner.Run(tree.Root, env, "build", "-a", "-o", "out/", "./..."));
        File.ReadAllBytes(tree.Path("out/app.dll")).Should().Equal(before, "earlier outputs are untouched");
        disk.Free();
        var r = CliRunner.Run(tree.Root, env, "build", "-o", "out/", "./...");
        r.ExitCode.Should().Be(0, r.StdErr);
        ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Should().Be("hello\n");
        CliRunner.Run(tree.Root, new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path("fresh") }, "build", "-o", "clean/", "./...").ExitCode.Should().Be(0);
        File.ReadAllBytes(tree.Path("out/Acme.lib.text.dll")).Should().Equal(File.ReadAllBytes(tree.Path("clean/Acme.lib.text.dll")));
    }

    [SmallDiskFact]
    public void AFullOutputDiskFailsInOneLineAndLeavesTheEarlierOutputs()
    {
        using var tree = Module();
        using var disk = SmallDisk.Mount(tree.Path("disk"), 4096);
        var out_ = Path.Combine(disk.Path, "out") + "/";
        CliRunner.Run(tree.Root, "build", "-o", out_, "./...").ExitCode.Should().Be(0);
        var before = Directory.GetFiles(disk.Path + "/out").ToDictionary(f => f, File.ReadAllBytes);
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hello\"; }");
        disk.Fill(leaveBytes: 1024);
        OneLine(CliRunner.Run(tree.Root, "build", "-o", out_, "./..."));
        foreach (var (file, bytes) in before)
            File.ReadAllBytes(file).Should().Equal(bytes, $"{file} is the old one or the new one, never half-written");
        Directory.GetFiles(disk.Path + "/out").Should().BeEquivalentTo(before.Keys, "no temp file is left");
        disk.Free();
        CliRunner.Run(tree.Root, "build", "-o", out_, "./...").ExitCode.Should().Be(0);
        ProcessRunner.Run(Path.Combine(disk.Path, "out", "app"), tree.Root).StdOut.Should().Be("hello\n");
    }
}

/// <summary>Damage in the global packages folder and builds killed while packages are fetched.</summary>
public class PackageDrillTests
{
    private static PackageModule Module() =>
        new PackageModule("\"C\": \"1.0.0\"", "System.Console.WriteLine(C.Info.Version);")
            .With(new TestPackage("C", "1.0.0").Lib("net8.0", "namespace C; public static class Info { public static string Version => \"1.0.0\"; }"));

    [Fact]
    public void AFileMissingFromAnExtractedPackageIsRepairedFromTheSourceWithALineSayingSo()
    {
        using var m = Module();
        m.BuildAndRun().Should().Be("1.0.0");
        File.Delete(m.Tree.Path("global/c/1.0.0/lib/net8.0/C.dll"));
        File.Delete(m.Tree.Path("out/C.dll"));
        var r = m.Cli("build", "-o", "out/", "./app");
        r.ExitCode.Should().Be(0, r.StdErr);
        r.StdErr.Trim().Should().Be("crossbuild: package C 1.0.0 in the global packages folder was missing lib/net8.0/C.dll; extracted it again from its source");
        File.Exists(m.Tree.Path("global/c/1.0.0/lib/net8.0/C.dll")).Should().BeTrue();
        ProcessRunner.Run(m.Tree.Path("out/app"), m.Tree.Root).StdOut.Should().Be("1.0.0\n");
    }

    [Fact]
    public void AMissingFileWithNoSourceToRepairFromNamesThePackageAndTheWayOut()
    {
        using var m = Module();
        m.BuildAndRun().Should().Be("1.0.0");
        File.Delete(m.Tree.Path("global/c/1.0.0/lib/net8.0/C.dll"));
        Directory.Delete(m.Tree.Path("feed"), recursive: true);
        var r = m.Cli("build", "-o", "out/", "./app");
        r.ExitCode.Should().Be(1);
        r.StdErr.Trim().Split('\n').Should().ContainSingle().Which.Should()
            .Match($"crossbuild: package C 1.0.0 in {m.Tree.Path("global/c/1.0.0")} is damaged (lib/net8.0/C.dll is missing) and could not be extracted again: *; delete that folder and build again with its source reachable");
    }

    [Fact]
    public void BuildsKilledWhilePackagesAreFetchedLeaveAFolderThatBuilds()
    {
        using var m = new PackageModule("\"A\": \"1.0.0\", \"B\": \"1.0.0\", \"C\": \"1.0.0\"",
            "System.Console.WriteLine(A.M.V + B.M.V + C.M.V);");
        foreach (var id in new[] { "A", "B", "C" })
            m.With(new TestPackage(id, "1.0.0").Lib("net8.0", $"namespace {id}; public static class M {{ public static string V => \"{id}\"; }}")
                .File("content/big.bin", new byte[2_000_000]));
        var random = new Random(7);
        var killed = 0;
        for (var i = 0; i < 8; i++)
        {
            if (Kill.During(m.Tree.Root, m.Env, random.Next(200, 1200), "build", "-o", "out/", "./app")) killed++;
            if (i % 3 == 2 && Directory.Exists(m.Tree.Path("global"))) Directory.Delete(m.Tree.Path("global"), recursive: true);
        }
        killed.Should().BeGreaterThan(3);
        m.BuildAndRun().Should().Be("ABC");
    }
}

/// <summary>Runs the CLI and kills it with SIGKILL after a delay.</summary>
internal static class Kill
{
    /// <summary>Starts <c>crossbuild args</c>, kills it after <paramref name="delayMs"/>; true when it was still running then.</summary>
    public static bool During(string workingDirectory, IReadOnlyDictionary<string, string> environment, int delayMs, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(CliRunner.CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CROSSBUILD_SERVER"] = "0"; // the drill kills the process that builds
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        _ = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        var killed = !p.WaitForExit(delayMs);
        if (killed) p.Kill(entireProcessTree: true);
        p.WaitForExit();
        return killed;
    }
}
