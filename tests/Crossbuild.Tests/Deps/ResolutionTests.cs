using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Deps;

/// <summary>
/// PackageReference resolution through the CLI, on packages the tests build into a local folder feed: cousins,
/// direct and nearest wins, downgrades, conflicts, framework-specific dependency groups.
/// </summary>
public class ResolutionTests
{
    // C's version is visible at run time, so a test sees which one the app really got.
    private static TestPackage C(string version) =>
        new TestPackage("C", version).Lib("net8.0", $"namespace C; public static class Info {{ public static string Version => \"{version}\"; }}");

    private static TestPackage Needs(string id, string dependency, string range) =>
        new TestPackage(id, "1.0.0").DependsOn("net8.0", (dependency, range)).Lib("net8.0", $"namespace {id}; public static class Marker {{ }}");

    private const string PrintC = "System.Console.WriteLine(C.Info.Version);";

    [Fact]
    public void CousinsTakeTheHighestLowerBoundAndTheLowestVersionThatSatisfiesIt()
    {
        using var m = new PackageModule("\"A\": \"1.0.0\", \"B\": \"1.0.0\"", PrintC)
            .With(Needs("A", "C", "1.0.0"), Needs("B", "C", "1.1.0"), C("1.0.0"), C("1.1.0"), C("1.2.0"));
        m.BuildAndRun().Should().Be("1.1.0");

        var graph = m.Cli("mod", "graph");
        graph.ExitCode.Should().Be(0, graph.StdErr);
        graph.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "App A@1.0.0", "App B@1.0.0", "A@1.0.0 C@1.1.0", "B@1.0.0 C@1.1.0");
        var dot = m.Cli("mod", "graph", "--format", "dot");
        dot.ExitCode.Should().Be(0, dot.StdErr);
        dot.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "digraph \"nuget\" {", "  rankdir=LR;", "  \"App\";", "  \"A@1.0.0\";", "  \"B@1.0.0\";", "  \"C@1.1.0\";",
            "  \"App\" -> \"A@1.0.0\";", "  \"App\" -> \"B@1.0.0\";", "  \"A@1.0.0\" -> \"C@1.1.0\";", "  \"B@1.0.0\" -> \"C@1.1.0\";", "}");
        var why = m.Cli("mod", "why", "C");
        why.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "# C", "module App (crossbuild.json)", "A 1.0.0", "C 1.1.0");
    }

    [Fact]
    public void ADirectDependencyWinsOverATransitiveOne()
    {
        using var m = new PackageModule("\"A\": \"1.0.0\", \"C\": \"1.2.0\"", PrintC)
            .With(Needs("A", "C", "1.0.0"), C("1.0.0"), C("1.2.0"));
        m.BuildAndRun().Should().Be("1.2.0");
    }

    [Fact]
    public void TheNearestDependencyWins()
    {
        // A -> C >= 1.1 is nearer than A -> D -> C >= 1.2 ... but that would downgrade, so here the deeper one asks less.
        using var m = new PackageModule("\"A\": \"1.0.0\"", PrintC)
            .With(new TestPackage("A", "1.0.0").DependsOn("net8.0", ("C", "1.2.0"), ("D", "1.0.0")).Lib("net8.0", "namespace A; public class M {}"),
                Needs("D", "C", "1.0.0"), C("1.0.0"), C("1.2.0"));
        m.BuildAndRun().Should().Be("1.2.0");
        m.Lock.Should().Contain("\"C\": {\n        \"version\": \"1.2.0\"");
    }

    [Fact]
    public void ADowngradeIsAnErrorAndWritesNothing()
    {
        using var m = new PackageModule("\"B\": \"1.0.0\", \"C\": \"1.0.0\"", PrintC)
            .With(Needs("B", "C", "1.1.0"), C("1.0.0"), C("1.1.0"));
        var build = m.Cli("build", "-o", "out/", "./app");
        build.ExitCode.Should().Be(1);
        build.StdErr.Trim().Should().StartWith("crossbuild: package downgrade (NU1605): C from 1.1.0 to 1.0.0: module -> B 1.0.0 -> C (>= 1.1.0)")
            .And.NotContain("\n");
        m.Lock.Should().BeNull();
    }

    [Fact]
    public void ExactVersionsThatCannotMeetAreAConflict()
    {
        using var m = new PackageModule("\"A\": \"1.0.0\", \"B\": \"1.0.0\"", PrintC)
            .With(Needs("A", "C", "[1.0.0]"), Needs("B", "C", "[1.1.0]"), C("1.0.0"), C("1.1.0"));
        var build = m.Cli("build", "-o", "out/", "./app");
        build.ExitCode.Should().Be(1);
        build.StdErr.Trim().Should().StartWith("crossbuild: version conflict (NU1107) for C:").And.Contain("A 1.0.0").And.Contain("B 1.0.0");
        m.Lock.Should().BeNull();
    }

    [Fact]
    public void DependencyGroupsAndAssetsFollowTheNearestFramework()
    {
        var d = new TestPackage("D", "1.0.0")
            .DependsOn("net8.0", ("E", "1.0.0"))
            .DependsOn("netstandard2.0", ("F", "1.0.0"))
            .Lib("net8.0", "namespace D; public static class Which { public static string Lib => \"net8.0\"; }")
            .Lib("netstandard2.0", "namespace D; public static class Which { public static string Lib => \"netstandard2.0\"; }");
        using var m = new PackageModule("\"D\": \"1.0.0\"", "System.Console.WriteLine(D.Which.Lib);")
            .With(d, new TestPackage("E", "1.0.0").Lib("net8.0", "namespace E; public class M {}"),
                new TestPackage("F", "1.0.0").Lib("netstandard2.0", "namespace F; public class M {}"));
        m.BuildAndRun().Should().Be("net8.0");
        m.Lock.Should().Contain("\"E\"").And.NotContain("\"F\"");
        File.Exists(m.Tree.Path("out/E.dll")).Should().BeTrue();
        File.Exists(m.Tree.Path("out/F.dll")).Should().BeFalse();
    }

    [Fact]
    public void APackageManifestAddsPackagesForItselfAndItsDependents()
    {
        using var m = new PackageModule("", "System.Console.WriteLine(Acme.Lib.V());")
            .With(C("1.1.0"));
        m.Tree.File("lib/crossbuild.json", "{\"packages\": {\"C\": \"1.1.0\"}}");
        m.Tree.File("lib/lib.cs", "namespace App.Lib; public static class Lib { public static string V() => C.Info.Version; }");
        m.Tree.File("app/main.cs", "System.Console.WriteLine(App.Lib.Lib.V());");
        m.BuildAndRun().Should().Be("1.1.0");
        m.Cli("mod", "why", "C").StdOut.Should().Contain("package lib (lib/crossbuild.json)");
    }
}
