using System.Text.RegularExpressions;
using Crossbuild.Tests.Support;
using Crossbuild.Tests.Test;

namespace Crossbuild.Tests.Cli;

/// <summary>
/// Test assemblies in the generated solution: one project per package with test files (its sources and test files,
/// its test framework's packages, on the Testing Platform), which the SDK builds and runs with the outcomes
/// <c>crossbuild test</c> reports, and which builds and test runs keep in step.
/// </summary>
public partial class IdeTestAssemblyTests
{
    private static readonly string[] TestProjects = ["Acme.lib.ms.Tests", "Acme.lib.nu.Tests", "Acme.lib.text.Tests", "Acme.tests.it.Tests"];

    private static string Project(string name) => $".crossbuild/ide/{name}/{name}.csproj";

    [GeneratedRegex(@"^(ok|FAIL)\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex Outcome();

    [TestFrameworksFact]
    public void TheSdkBuildsAndRunsTheTestAssembliesWithCrossbuildsOutcomes()
    {
        using var tree = TestModule.Create(failing: true);
        var ide = TestModule.Cli(tree, "ide");
        ide.ExitCode.Should().Be(0, ide.StdErr);
        var solution = File.ReadAllText(tree.Path("Acme.slnx"));
        foreach (var name in TestProjects) solution.Should().Contain(Project(name));
        solution.Should().NotContain("Acme.tests.it/", "a package of test files alone has only its test assembly");
        var text = File.ReadAllText(tree.Path(Project("Acme.lib.text.Tests")));
        text.Should().Contain("<OutputType>Exe</OutputType>").And.Contain("<PackageReference Include=\"xunit.v3\" Version=\"4.0.2\" />")
            .And.NotContain("*_test.cs", "its test files are compiled");
        File.ReadAllText(tree.Path(Project("Acme.lib.text")))
            .Should().Contain("*_test.cs", "the package's own project leaves its test files out");
        File.ReadAllText(tree.Path(Project("Acme.tests.it.Tests"))).Should().Contain("<ProjectReference Include=\"../Acme.lib.text/Acme.lib.text.csproj\" />");

        var sdk = ProcessRunner.Run("dotnet", tree.Root, new Dictionary<string, string> { ["MSBUILDDISABLENODEREUSE"] = "1" },
            "build", "Acme.slnx", "-nologo", "-nodeReuse:false", "-clp:NoSummary");
        sdk.ExitCode.Should().Be(0, sdk.StdOut + sdk.StdErr);
        var ours = TestModule.Cli(tree, "test", "./...");
        ours.ExitCode.Should().Be(1, ours.StdOut + ours.StdErr);
        var expected = Outcome().Matches(ours.StdOut).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value == "ok");
        expected.Should().HaveCount(4).And.Contain("lib/text", false);
        // Each SDK-built test assembly, run in its package's directory as crossbuild test runs it.
        foreach (var (dir, name) in new[] { ("lib/ms", "Acme.lib.ms.Tests"), ("lib/nu", "Acme.lib.nu.Tests"), ("lib/text", "Acme.lib.text.Tests"), ("tests/it", "Acme.tests.it.Tests") })
        {
            var run = ProcessRunner.Run("dotnet", tree.Path(dir), tree.Path($".crossbuild/ide/{name}/bin/Debug/net10.0/{name}.dll"));
            (run.ExitCode == 0).Should().Be(expected[dir], $"{dir}: {run.StdOut}{run.StdErr}");
        }
    }

    [TestFrameworksFact]
    public void BuildsAndTestRunsKeepTheTestAssembliesInStep()
    {
        using var tree = TestModule.Create();
        TestModule.Cli(tree, "ide").ExitCode.Should().Be(0);
        var nu = tree.Path(Project("Acme.lib.nu.Tests"));
        var ms = tree.Path(Project("Acme.lib.ms.Tests"));
        File.ReadAllText(nu).Should().NotContain("Acme.lib.text.csproj");

        // A new test file that imports another package: a build sees the new file and loads the tests to follow it.
        tree.File("lib/nu/slug_test.cs", """
            using NUnit.Framework;
            using Acme.Text;
            namespace Acme.Nu;
            public class SlugTests { [Test] public void Makes() => Assert.That(Slug.Make("A B"), Is.EqualTo("a-b")); }
            """);
        var build = TestModule.Cli(tree, "build", "./...");
        build.ExitCode.Should().Be(0, build.StdErr);
        File.ReadAllText(nu).Should().Contain("<ProjectReference Include=\"../Acme.lib.text/Acme.lib.text.csproj\" />");
        TestModule.Cli(tree, "ide", "--check").ExitCode.Should().Be(0);

        // A new import in an existing test file: crossbuild test, which loads test files, brings it in.
        tree.File("lib/ms/calc_test.cs", """
            using Acme.Text;
            namespace Acme.Ms;
            [TestClass] public class CalcTests { [TestMethod] public void Muls() => Assert.AreEqual("a-6", Slug.Make("A " + Calc.Mul(2, 3))); }
            """);
        var test = TestModule.Cli(tree, "test", "./...");
        test.ExitCode.Should().Be(0, test.StdOut + test.StdErr);
        File.ReadAllText(ms).Should().Contain("<ProjectReference Include=\"../Acme.lib.text/Acme.lib.text.csproj\" />");
        TestModule.Cli(tree, "ide", "--check").ExitCode.Should().Be(0);

        // In step: neither a build nor a test run rewrites anything.
        var stamps = Directory.GetFiles(tree.Path(".crossbuild/ide"), "*.csproj", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        TestModule.Cli(tree, "build", "./...").ExitCode.Should().Be(0);
        TestModule.Cli(tree, "test", "./...").ExitCode.Should().Be(0);
        stamps.Should().OnlyContain(s => File.GetLastWriteTimeUtc(s.Key) == s.Value);
    }
}
