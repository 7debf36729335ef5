using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Cache;

/// <summary>The build cache through the real command: what <c>-v</c> lists is what was actually compiled.</summary>
public class CacheCliTests
{
    // app → mid → leaf, and app → side. app names only mid and side.
    private static TempTree Module()
    {
        var tree = new TempTree().Module("Acme");
        tree.File("lib/leaf/leaf.cs", "namespace Acme.Leaf;\npublic static class L\n{\n    public static int One() => 1;\n}\n");
        tree.File("lib/mid/mid.cs", "using Acme.Leaf;\nnamespace Acme.Mid;\npublic static class M\n{\n    public static int Two() => L.One() + 1;\n}\n");
        tree.File("lib/side/side.cs", "namespace Acme.Side;\npublic static class S\n{\n    public static string Name => \"side\";\n}\n");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(Acme.Mid.M.Two() + Acme.Side.S.Name);\n");
        return tree;
    }

    private static string[] Compiled(TempTree tree, params string[] args)
    {
        var r = CliRunner.Run(tree.Root, ["build", "-v", "--cache-dir", tree.Path(".cache"), .. args]);
        r.ExitCode.Should().Be(0, r.StdErr);
        return r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("crossbuild:", StringComparison.Ordinal)).ToArray();
    }

    [Fact]
    public void ANoOpBuildCompilesNothingAndABodyEditCompilesOnlyThatPackage()
    {
        using var tree = Module();
        Compiled(tree, "./...").Should().BeEquivalentTo("lib/leaf", "lib/mid", "lib/side", "cmd/app");
        Compiled(tree, "./...").Should().BeEmpty();

        tree.File("lib/leaf/leaf.cs", "namespace Acme.Leaf;\npublic static class L\n{\n    public static int One() => 2 - 1;\n}\n");
        Compiled(tree, "./...").Should().Equal("lib/leaf");
    }

    [Fact]
    public void APublicAdditionRecompilesTheLibraryAndWhatReferencesItOnly()
    {
        using var tree = Module();
        Compiled(tree, "./...");
        tree.File("lib/leaf/leaf.cs", "namespace Acme.Leaf;\npublic static class L\n{\n    public static int One() => 1;\n    public static int Added() => 3;\n}\n");
        // app is given leaf's reference assembly too (as dotnet build passes it), and its PDB records that
        // reference's MVID, so app recompiles as well; side, which does not reach leaf, does not.
        Compiled(tree, "./...").Should().Equal("lib/leaf", "lib/mid", "cmd/app");
    }

    [Fact]
    public void TouchingOrRewritingFilesWithTheSameContentRecompilesNothing()
    {
        using var tree = Module();
        Compiled(tree, "./...");
        File.SetLastWriteTimeUtc(tree.Path("lib/mid/mid.cs"), DateTime.UtcNow.AddMinutes(5));
        File.WriteAllText(tree.Path("lib/side/side.cs"), File.ReadAllText(tree.Path("lib/side/side.cs")));
        Compiled(tree, "./...").Should().BeEmpty();
    }

    [Fact]
    public void TagsAndConfigurationRecompileOnlyWhatTheyChange()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("lib/plain/plain.cs", "namespace Acme.Plain; public static class P { public static int X => 1; }");
        tree.File("lib/files/a.cs", "namespace Acme.Files; public static class A { public static int X => 1; }");
        tree.File("lib/files/fancy.cs", "//build: fancy\n\nnamespace Acme.Files; public static class F { public static int Y => 2; }");
        tree.File("lib/symbols/s.cs", "namespace Acme.Symbols; public static class S {\n#if FANCY\n public static int Z => 3;\n#endif\n}");
        Compiled(tree, "./...").Should().HaveCount(3);
        Compiled(tree, "--tags", "fancy", "./...").Should().BeEquivalentTo("lib/files", "lib/symbols");
        Compiled(tree, "--tags", "other", "./...").Should().BeEmpty();
        Compiled(tree, "-c", "Release", "./...").Should().HaveCount(3);
        Compiled(tree, "-c", "Debug", "./...").Should().BeEmpty();
    }

    [Fact]
    public void CallsToConditionalMethodsFollowTheSymbolEvenWithoutIfDirectives()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("lib/log/log.cs", "using System.Diagnostics;\nnamespace Acme.Log;\npublic static class L\n{\n    [Conditional(\"FANCY\")]\n    public static void Say(string s) => System.Console.WriteLine(s);\n}\n");
        tree.File("cmd/app/main.cs", "Acme.Log.L.Say(\"fancy\");\nSystem.Console.WriteLine(\"done\");\n");
        Compiled(tree, "-o", "plain/", "./cmd/app").Should().HaveCount(2);
        ProcessRunner.Run(tree.Path("plain/app"), tree.Root).StdOut.Should().Be("done\n");
        // No #if reads FANCY and the library's reference assembly does not change with it; the app's output does,
        // because it calls a [Conditional("FANCY")] method.
        Compiled(tree, "--tags", "fancy", "-o", "fancy/", "./cmd/app").Should().Contain("cmd/app");
        ProcessRunner.Run(tree.Path("fancy/app"), tree.Root).StdOut.Should().Be("fancy\ndone\n");
    }

    [Fact]
    public void ACorruptEntryOrOutputIsReportedDeletedAndRebuilt()
    {
        using var tree = Module();
        Compiled(tree, "./lib/side");
        var cache = tree.Path(".cache");
        var entry = Directory.GetFiles(cache, "*-a", SearchOption.AllDirectories).Should().ContainSingle().Subject;
        File.WriteAllBytes(entry, File.ReadAllBytes(entry)[..^20]); // truncated
        var truncated = CliRunner.Run(tree.Root, "build", "-v", "--cache-dir", cache, "./lib/side");
        truncated.ExitCode.Should().Be(0, truncated.StdErr);
        truncated.StdErr.Should().Contain("crossbuild: cache: cache entry ").And.Contain("is corrupt; rebuilding").And.Contain("lib/side");

        foreach (var data in Directory.GetFiles(cache, "*-d", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(data);
            bytes[bytes.Length / 2] ^= 0x10; // one flipped bit
            File.WriteAllBytes(data, bytes);
        }
        var flipped = CliRunner.Run(tree.Root, "build", "-v", "--cache-dir", cache, "./lib/side");
        flipped.ExitCode.Should().Be(0, flipped.StdErr);
        flipped.StdErr.Should().Contain("crossbuild: cache: cache output ").And.Contain("is corrupt; rebuilding").And.Contain("lib/side");
        Compiled(tree, "./lib/side").Should().BeEmpty();
    }

    [Fact]
    public void ABuildKilledMidwayLeavesNothingALaterBuildAccepts()
    {
        using var tree = Module();
        var cache = tree.Path(".cache");
        foreach (var delay in new[] { 300, 1200, 2500 })
        {
            var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = tree.Root, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { CliRunner.CliDll, "build", "-a", "--cache-dir", cache, "-o", "killed/", "./cmd/app" }) psi.ArgumentList.Add(a);
            psi.Environment["CROSSBUILD_SERVER"] = "0"; // the process killed is the one that builds
            using var p = System.Diagnostics.Process.Start(psi)!;
            Thread.Sleep(delay);
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        var after = CliRunner.Run(tree.Root, "build", "--cache-dir", cache, "-o", "out/", "./cmd/app");
        after.ExitCode.Should().Be(0, after.StdErr);
        after.StdErr.Should().NotContain("corrupt");
        ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Should().Be("2side\n");
    }

    [Fact]
    public void WarningsAreReplayedOnAHit()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("lib/w/w.cs", "namespace Acme.W;\npublic static class C\n{\n    public static void M() { int unused; }\n}\n");
        foreach (var _ in new[] { 1, 2 })
        {
            var r = CliRunner.Run(tree.Root, "build", "--cache-dir", tree.Path(".cache"), "./lib/w");
            r.ExitCode.Should().Be(0);
            r.StdErr.Should().Contain("lib/w/w.cs(4,34): warning CS0168: The variable 'unused' is declared but never used");
        }
    }

    [Fact]
    public void ForceRecompilesEverythingAndCleanEmptiesTheCache()
    {
        using var tree = Module();
        Compiled(tree, "./...");
        Compiled(tree, "-a", "./...").Should().HaveCount(4);
        CliRunner.Run(tree.Root, "clean", "-cache", "--cache-dir", tree.Path(".cache")).ExitCode.Should().Be(0);
        Directory.EnumerateFileSystemEntries(tree.Path(".cache")).Should().BeEmpty("clean -cache empties the whole cache, facts/ included");
        Compiled(tree, "./...").Should().HaveCount(4);
    }

    [Fact]
    public async Task TwoProcessesBuildingIntoOneCacheBothSucceed()
    {
        using var tree = Module();
        var cache = tree.Path(".cache");
        var builds = new[] { "a/", "b/" }.Select(o => Task.Run(() =>
            CliRunner.Run(tree.Root, "build", "--cache-dir", cache, "-o", o, "./cmd/app"))).ToArray();
        var results = await Task.WhenAll(builds);
        results.Should().OnlyContain(b => b.ExitCode == 0);
        File.ReadAllBytes(tree.Path("a/app.dll")).Should().Equal(File.ReadAllBytes(tree.Path("b/app.dll")));
        ProcessRunner.Run(tree.Path("a/app"), tree.Root).StdOut.Should().Be("2side\n");
        Compiled(tree, "./...").Should().BeEmpty();
    }
}
