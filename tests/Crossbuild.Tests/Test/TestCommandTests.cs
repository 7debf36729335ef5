using System.Text.Json;
using System.Xml.Linq;
using Crossbuild.Tests.Support;
using FluentAssertions;

namespace Crossbuild.Tests.Test;

/// <summary><c>crossbuild test</c> through the real CLI, with real xunit v3, NUnit and MSTest packages.</summary>
public sealed class TestCommandTests
{
    [TestFrameworksFact]
    public void PrintsGoStyleLinesAndFailsWithTheFailingTestsLocation()
    {
        using var tree = TestModule.Create(failing: true);
        var r = TestModule.Cli(tree, "test", "./...");
        r.ExitCode.Should().Be(1, r.StdErr);
        var lines = r.StdOut.Split('\n');
        lines.Should().Contain(l => l.StartsWith("--- FAIL: Acme.Text.SlugTests.Checks ("));
        r.StdOut.Should().Contain("    lib/text/slug_test.cs:7: Assert.Equal() Failure");
        lines.Should().Contain(l => l.StartsWith("FAIL    lib/text\t"));
        lines.Should().Contain(l => l.StartsWith("ok      tests/it\t") && l.EndsWith('s'));
        lines.Should().Contain(l => l.StartsWith("ok      lib/nu\t"));
        lines.Should().Contain(l => l.StartsWith("ok      lib/ms\t"));
        lines.Should().Contain("?       cmd/app\t[no test files]");
        lines.Where(l => l.Length > 0).Last().Should().Be("FAIL");
        // Only the failing test is printed without -v; passing and skipped ones are not.
        r.StdOut.Should().NotContain("Makes").And.NotContain("--- SKIP");
    }

    [TestFrameworksFact]
    public void CachesPassingResultsAndRerunsExactlyWhatABodyEditAffects()
    {
        using var tree = TestModule.Create();
        var first = TestModule.Cli(tree, "test", "./...");
        first.ExitCode.Should().Be(0, first.StdOut + first.StdErr);
        first.StdOut.Should().NotContain("(cached)");

        var again = TestModule.Cli(tree, "test", "./...");
        again.ExitCode.Should().Be(0);
        foreach (var p in new[] { "lib/text", "tests/it", "lib/nu", "lib/ms" })
            again.StdOut.Should().Contain($"ok      {p}\t(cached)");

        // A body edit in lib/text reruns its tests and those of tests/it, whose test assembly loads it; no others.
        tree.File("lib/text/Slug.cs", File.ReadAllText(tree.Path("lib/text/Slug.cs")).Replace("s.ToLowerInvariant()", "s.ToLower(System.Globalization.CultureInfo.InvariantCulture)"));
        var edited = TestModule.Cli(tree, "test", "./...");
        edited.ExitCode.Should().Be(0, edited.StdOut);
        edited.StdOut.Should().MatchRegex(@"ok      lib/text\t\d+\.\d\ds").And.MatchRegex(@"ok      tests/it\t\d+\.\d\ds");
        edited.StdOut.Should().Contain("ok      lib/nu\t(cached)").And.Contain("ok      lib/ms\t(cached)");

        // -count 1 never uses the cache.
        var uncached = TestModule.Cli(tree, "test", "-count", "1", "./lib/nu");
        uncached.StdOut.Should().MatchRegex(@"ok      lib/nu\t\d+\.\d\ds");
    }

    [TestFrameworksFact]
    public void TestdataAndTestEnvAreInputsOfTheResult()
    {
        using var tree = TestModule.Create(moduleExtra: ", \"testEnv\": [\"ACME_MODE\"]");
        tree.File("lib/nu/testdata/input.txt", "one");
        TestModule.Cli(tree, "test", "./lib/nu").ExitCode.Should().Be(0);
        TestModule.Cli(tree, "test", "./lib/nu").StdOut.Should().Contain("(cached)");
        tree.File("lib/nu/testdata/input.txt", "two");
        TestModule.Cli(tree, "test", "./lib/nu").StdOut.Should().NotContain("(cached)");
        TestModule.Cli(tree, "test", "./lib/nu").StdOut.Should().Contain("(cached)");
        var env = new Dictionary<string, string> { ["ACME_MODE"] = "fast" };
        TestModule.Cli(tree, env, "test", "./lib/nu").StdOut.Should().NotContain("(cached)");
        TestModule.Cli(tree, new Dictionary<string, string> { ["ACME_MODE"] = "fast" }, "test", "./lib/nu").StdOut.Should().Contain("(cached)");
    }

    [TestFrameworksFact]
    public void RunSelectsTestsAndVerbosePrintsEachWithItsResult()
    {
        using var tree = TestModule.Create(failing: true);
        var r = TestModule.Cli(tree, "test", "-v", "-run", "Data|Makes", "./lib/text");
        r.ExitCode.Should().Be(0, r.StdOut);
        var tests = r.StdOut.Split('\n').Where(l => l.StartsWith("--- ")).ToArray();
        tests.Should().HaveCount(3);
        tests.Should().Contain(l => l.StartsWith("--- PASS: Acme.Text.SlugTests.Data(a: \"A\", b: \"a\") ("));
        tests.Should().Contain(l => l.StartsWith("--- PASS: Acme.Text.SlugTests.Makes ("));

        var nunit = TestModule.Cli(tree, "test", "-v", "./lib/nu", "./lib/ms");
        nunit.ExitCode.Should().Be(0, nunit.StdOut);
        nunit.StdOut.Should().Contain("--- PASS: Acme.Nu.CalcTests.Cases(2,2,4)").And.Contain("--- SKIP: Acme.Nu.CalcTests.Skipped").And.Contain("    later")
            .And.Contain("--- PASS: Acme.Ms.CalcTests.Muls").And.Contain("--- SKIP: Acme.Ms.CalcTests.Skipped");
    }

    [TestFrameworksFact]
    public void JsonPrintsGoTestEventsAndJUnitWritesEveryCase()
    {
        using var tree = TestModule.Create(failing: true);
        var r = TestModule.Cli(tree, "test", "-json", "--junit", "out/results.xml", "./lib/text", "./tests/it");
        r.ExitCode.Should().Be(1);
        var events = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        events.Select(e => e.EnumerateObject().Select(p => p.Name).ToArray()).Should().OnlyContain(names => names.Contains("Time") && names.Contains("Action") && names.Contains("Package"));
        string[] Of(string action, string? test = null) => events.Where(e => e.GetProperty("Action").GetString() == action &&
            (test is null || e.TryGetProperty("Test", out var t) && t.GetString() == test)).Select(e => e.GetProperty("Package").GetString()!).ToArray();
        Of("start").Should().Equal("lib/text", "tests/it");
        Of("fail", "Acme.Text.SlugTests.Checks").Should().Equal("lib/text");
        Of("pass", "Acme.Integration.ItTests.Works").Should().Equal("tests/it");
        Of("skip", "Acme.Text.SlugTests.Skipped").Should().Equal("lib/text");
        events.Where(e => e.GetProperty("Action").GetString() is "pass" or "fail" && !e.TryGetProperty("Test", out _))
            .Select(e => (e.GetProperty("Package").GetString(), e.GetProperty("Action").GetString())).Should().Equal(("lib/text", "fail"), ("tests/it", "pass"));

        var junit = XDocument.Load(tree.Path("out/results.xml"));
        var text = junit.Root!.Elements("testsuite").Single(s => (string?)s.Attribute("name") == "lib/text");
        ((int)text.Attribute("tests")!).Should().Be(6);
        ((int)text.Attribute("failures")!).Should().Be(1);
        ((int)text.Attribute("skipped")!).Should().Be(1);
        text.Elements("testcase").Single(c => (string?)c.Attribute("name") == "Checks").Element("failure").Should().NotBeNull();
    }

    [TestFrameworksFact]
    public void UnderGitHubActionsAFailingTestIsAnAnnotationAtItsAssertion()
    {
        using var tree = TestModule.Create(failing: true);
        var summary = tree.Path("summary.md");
        var r = TestModule.Cli(tree, new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary }, "test", "./lib/text");
        r.ExitCode.Should().Be(1);
        r.StdErr.Should().Contain("::error file=lib/text/slug_test.cs,line=7,title=lib/text%3A Acme.Text.SlugTests.Checks::Assert.Equal() Failure");
        File.ReadAllText(summary).Should().Contain("| lib/text | linux-x64 | FAIL | 4 | 1 | 1 |");
    }

    [TestFrameworksFact]
    public void BuildAndListTreatTestFilesApart()
    {
        using var tree = TestModule.Create(failing: true);
        // build never compiles test files, and a test-only directory is no package for it.
        var build = TestModule.Cli(tree, "build", "-v", "./...");
        build.ExitCode.Should().Be(0, build.StdErr);
        (build.StdOut + build.StdErr).Should().NotContain("tests/it");
        var list = TestModule.Cli(tree, "list", "--json", "./lib/text", "./tests/it");
        list.ExitCode.Should().Be(0, list.StdErr);
        var packages = JsonDocument.Parse(list.StdOut).RootElement.EnumerateArray().ToArray();
        packages[0].GetProperty("Files").EnumerateArray().Select(f => f.GetString()).Should().Equal("Slug.cs");
        packages[0].GetProperty("TestFiles").EnumerateArray().Select(f => f.GetString()).Should().Equal("slug_test.cs");
        packages[1].GetProperty("Files").GetArrayLength().Should().Be(0);
        packages[1].GetProperty("TestImports").EnumerateArray().Select(f => f.GetString()).Should().Equal("lib/text");
    }

    [TestFrameworksFact]
    public void OtherTargetsTestsCompileButDoNotRun()
    {
        using var tree = TestModule.Create();
        var r = TestModule.Cli(tree, "test", "-r", "win-x64", "./lib/nu");
        r.ExitCode.Should().Be(0, r.StdOut + r.StdErr);
        r.StdOut.Should().Contain("?       lib/nu\t[built for win-x64; only linux-x64 tests run here]");
    }

    [TestFrameworksFact]
    public void ACrashOrATimeoutFailsThePackageWithWhatTheProcessLastPrinted()
    {
        using var tree = TestModule.Create();
        tree.File("lib/crash/C.cs", "namespace Acme.Crash;\npublic static class C { public static int X => 1; }\n");
        tree.File("lib/crash/crash_test.cs", "using Xunit;\nnamespace Acme.Crash;\npublic class CrashTests { [Fact] public void Exits() { System.Console.WriteLine(\"about to exit\"); System.Environment.Exit(42); } }\n");
        tree.File("lib/slow/S.cs", "namespace Acme.Slow;\npublic static class S { public static int X => 1; }\n");
        tree.File("lib/slow/slow_test.cs", "using Xunit;\nnamespace Acme.Slow;\npublic class SlowTests { [Fact] public void Sleeps() => System.Threading.Thread.Sleep(120_000); }\n");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var r = TestModule.Cli(tree, "test", "-timeout", "3s", "./lib/crash", "./lib/slow");
        r.ExitCode.Should().Be(1);
        r.StdOut.Should().MatchRegex(@"    test process exited with code \d+").And.Contain("    about to exit").And.Contain("'42'")
            .And.Contain("FAIL    lib/crash\t").And.Contain("    test timed out after 3s; running: Acme.Slow.SlowTests.Sleeps").And.Contain("FAIL    lib/slow\t");
        r.StdOut.Should().NotContain("deprecated");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(100), "the slow test is stopped, not waited for");
        // A failed result is never cached.
        TestModule.Cli(tree, "test", "-timeout", "3s", "./lib/crash").StdOut.Should().NotContain("(cached)");
    }

    [TestFrameworksFact]
    public void APackagesTestconfigJsonConfiguresTheTestingPlatformAndIsAnInputOfItsResult()
    {
        using var tree = TestModule.Create();
        // The Testing Platform reads <assembly>.testconfig.json beside the assembly: a malformed one fails the run.
        var first = TestModule.Cli(tree, "test", "./lib/text");
        first.ExitCode.Should().Be(0, first.StdOut + first.StdErr);
        tree.File("lib/text/testconfig.json", """{ "platformOptions": { "exitProcessOnUnhandledException": true }, "xUnit": { "maxParallelThreads": 1 } }""");
        var withConfig = TestModule.Cli(tree, "test", "./lib/text");
        withConfig.ExitCode.Should().Be(0, withConfig.StdOut + withConfig.StdErr);
        withConfig.StdOut.Should().Contain("ok      lib/text").And.NotContain("(cached)", "the configuration is an input of the result");
        var installed = Directory.EnumerateFiles(tree.Path(".cache/test"), "*.lib.text.Tests.testconfig.json", SearchOption.AllDirectories).Should().ContainSingle().Subject;
        File.ReadAllText(installed).Should().Contain("maxParallelThreads");
        TestModule.Cli(tree, "test", "./lib/text").StdOut.Should().Contain("(cached)");
        tree.File("lib/text/testconfig.json", "{ \"platformOptions\": ");
        TestModule.Cli(tree, "test", "./lib/text").ExitCode.Should().Be(1);
        File.Delete(tree.Path("lib/text/testconfig.json"));
        TestModule.Cli(tree, "test", "./lib/text").StdOut.Should().Contain("(cached)", "the inputs are those of the first run again");
        TestModule.Cli(tree, "test", "-count", "1", "./lib/text").ExitCode.Should().Be(0);
        File.Exists(installed).Should().BeFalse("a removed configuration is removed beside the assembly too");
    }

    [Fact]
    public void BadFlagsAndMissingFrameworksAreOneLineErrors()
    {
        using var tree = new TempTree();
        tree.File("crossbuild.json", "{\"module\": \"Acme\"}");
        tree.File("lib/a/A.cs", "namespace Acme.A;\npublic static class A { public static int One() => 1; }\n");
        tree.File("lib/a/a_test.cs", "namespace Acme.A;\npublic class ATests { }\n");
        var badRun = TestModule.Cli(tree, "test", "-run", "(", "./...");
        badRun.ExitCode.Should().Be(2);
        badRun.StdErr.Trim().Should().StartWith("crossbuild: -run (: not a valid regular expression").And.NotContain("\n");
        var badCount = TestModule.Cli(tree, "test", "-count", "0", "./...");
        badCount.ExitCode.Should().Be(2);
        badCount.StdErr.Trim().Should().Be("crossbuild: -count 0: must be at least 1");
        var badTimeout = TestModule.Cli(tree, "test", "-timeout", "soon", "./...");
        badTimeout.ExitCode.Should().Be(2);
        var none = TestModule.Cli(tree, "test", "./...");
        none.ExitCode.Should().Be(1);
        none.StdErr.Trim().Should().Be("crossbuild: lib/a: test files need a test framework under \"testPackages\"; supported: xunit.v3 (4.x), MSTest (4.x), NUnit with NUnit3TestAdapter");
    }

    [Fact]
    public void AnInPackageTestThatImportsItsPackageBackIsACycle()
    {
        using var tree = new TempTree();
        tree.File("crossbuild.json", "{\"module\": \"Acme\"}");
        tree.File("lib/a/A.cs", "namespace Acme.A;\npublic static class A { public static int One() => 1; }\n");
        tree.File("lib/b/B.cs", "using Acme.A;\nnamespace Acme.B;\npublic static class B { public static int Two() => Acme.A.A.One() + 1; }\n");
        tree.File("lib/a/a_test.cs", "using Acme.B;\nnamespace Acme.A;\npublic class ATests { public int X() => B.Two(); }\n");
        var r = TestModule.Cli(tree, "test", "./lib/a");
        r.ExitCode.Should().Be(1);
        r.StdErr.Should().Contain("import cycle not allowed in test: lib/a (test) → lib/b → lib/a");
        // build is not affected by test files.
        TestModule.Cli(tree, "build", "./...").ExitCode.Should().Be(0);
    }
}
