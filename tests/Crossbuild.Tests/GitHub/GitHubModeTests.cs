using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.GitHub;

/// <summary>The CLI under GitHub Actions (<c>GITHUB_ACTIONS=true</c>): annotations, groups, summaries, outputs, cache keys.</summary>
public class GitHubModeTests
{
    private static Dictionary<string, string> Actions(TempTree tree) => new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_STEP_SUMMARY"] = tree.Path("summary.md"),
        ["GITHUB_OUTPUT"] = tree.Path("output.txt"),
        ["CROSSBUILD_CACHE"] = tree.Path(".cache"),
    };

    private static ProcessRunner.Result Cli(TempTree tree, string dir, params string[] args) =>
        CliRunner.Run(tree.Path(dir), Actions(tree), args);

    private static TempTree Module()
    {
        var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\"}");
        tree.File("m/lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi() { int unused; return \"hi\"; } }");
        tree.File("m/cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi());");
        return tree;
    }

    [Fact]
    public void DiagnosticsBecomeAnnotationsInGroupsAndTheSummaryListsTheOutputs()
    {
        using var tree = Module();
        var build = Cli(tree, "m", "build", "-o", "out/", "./...");
        build.ExitCode.Should().Be(0, build.StdErr);
        build.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            $"::group::net10.0/{Crossbuild.Targets.RidCatalog.Host}/Debug: lib/text (compiled)",
            "::warning file=lib/text/text.cs,line=1,col=78,title=CS0168::The variable 'unused' is declared but never used",
            "::endgroup::",
            $"::group::net10.0/{Crossbuild.Targets.RidCatalog.Host}/Debug: cmd/app (compiled)",
            "::endgroup::");
        var summary = File.ReadAllText(tree.Path("summary.md"));
        summary.Should().Contain("| RID | executable | size | packages from the cache |")
            .And.Contain($"| {Crossbuild.Targets.RidCatalog.Host} | app |");
        // The package graph as mermaid, which GitHub renders, with what this run compiled marked.
        summary.Should().Contain("```mermaid\ngraph LR\n  n0[\"cmd/app\"]\n  n1[\"lib/text\"]\n  n0 --> n1\n" +
                                 "  classDef compiled fill:#d1f0d1,stroke:#2e7d32\n  class n0,n1 compiled\n```");

        tree.File("m/lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi() => nope; }");
        var failed = Cli(tree, "m", "build", "-o", "out/", "./...");
        failed.ExitCode.Should().Be(1);
        failed.StdErr.Should().Contain("::error file=lib/text/text.cs,line=1,col=75,title=CS0103::The name 'nope' does not exist in the current context");
    }

    [Fact]
    public void PlanWritesTheRunnerMatrixToTheStepOutputs()
    {
        using var tree = Module();
        var plan = Cli(tree, "m", "plan", "--github", "-r", "linux-x64,win-x64,osx-arm64");
        plan.ExitCode.Should().Be(0, plan.StdErr);
        var json = "{\"include\":[{\"rid\":\"linux-x64\",\"runner\":\"ubuntu-latest\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"linux-x64\"},{\"rid\":\"win-x64\",\"runner\":\"windows-latest\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"win-x64\"}," +
                   "{\"rid\":\"osx-arm64\",\"runner\":\"macos-latest\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"osx-arm64\"}]}";
        plan.StdOut.Trim().Should().Be(json);
        File.ReadAllText(tree.Path("output.txt")).Should().Be("matrix=" + json + "\n");
    }

    [Fact]
    public void TheCacheKeyChangesExactlyWhenTheInputsChange()
    {
        using var tree = Module();
        string Key(string dir) => CliRunner.Run(tree.Path(dir), "cache", "key").StdOut.Trim();
        var key = Key("m");
        key.Should().MatchRegex($"^crossbuild-{Crossbuild.Targets.RidCatalog.Host}-[0-9a-f]{{32}}$");

        // Another checkout of the same files, elsewhere: the same key.
        tree.CopyFrom(tree.Path("m"), "copy");
        Key("copy").Should().Be(key);

        File.SetLastWriteTimeUtc(tree.Path("m/cmd/app/main.cs"), DateTime.UtcNow.AddHours(1));
        Key("m").Should().Be(key, "a touch is not a change");
        tree.File("m/cmd/app/other_windows.cs", "class W { }");
        Key("m").Should().NotBe(key, "a file for another OS is still an input");
    }
}
