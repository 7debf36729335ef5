using System.Text.RegularExpressions;
using Crossbuild.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Crossbuild.Tests.GitHub;

/// <summary>samples/github-actions/release.yml: a valid workflow whose jobs call real crossbuild commands.</summary>
public partial class WorkflowSampleTests
{
    private static string Samples => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples"));

    private static YamlMappingNode Workflow()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Samples, "github-actions", "release.yml"))));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string Text(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)]).Value!;

    private static IEnumerable<(string Job, string Run)> Runs(YamlMappingNode workflow) =>
        Map(workflow, "jobs").Children.SelectMany(job =>
            ((YamlSequenceNode)((YamlMappingNode)job.Value).Children[new YamlScalarNode("steps")]).Children
                .OfType<YamlMappingNode>()
                .Where(step => step.Children.ContainsKey(new YamlScalarNode("run")))
                .Select(step => (((YamlScalarNode)job.Key).Value!, Text(step, "run"))));

    [Fact]
    public void TheWorkflowPlansBuildsLegsFromTheMatrixAndMerges()
    {
        var workflow = Workflow();
        var jobs = Map(workflow, "jobs");
        jobs.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Should().Equal("plan", "build", "merge");
        Text(Map(jobs, "plan"), "runs-on").Should().Be("ubuntu-latest");
        Text(Map(Map(jobs, "plan"), "outputs"), "matrix").Should().Be("${{ steps.plan.outputs.matrix }}");
        var build = Map(jobs, "build");
        Text(build, "needs").Should().Be("plan");
        Text(Map(build, "strategy"), "matrix").Should().Be("${{ fromJSON(needs.plan.outputs.matrix) }}");
        Text(build, "runs-on").Should().Be("${{ matrix.runner }}");
        Text(Map(jobs, "merge"), "needs").Should().Be("build");
        Runs(workflow).Select(r => r.Job + ": " + r.Run).Should().Contain(
            "plan: crossbuild plan --github -r linux-x64,linux-arm64,osx-arm64,win-x64",
            "build: crossbuild release --locked -r ${{ matrix.rid }} -o dist/${{ matrix.rid }}",
            "merge: crossbuild release --merge legs/* -o release/");
    }

    // The legs use the team's remote cache from secrets; nothing else of the workflow needs them.
    [Fact]
    public void TheBuildLegsGetTheRemoteCacheFromSecrets()
    {
        var jobs = Map(Workflow(), "jobs");
        var env = Map(Map(jobs, "build"), "env");
        env.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value!).Should().Equal(new Dictionary<string, string>
        {
            ["CROSSBUILD_REMOTE_CACHE"] = "${{ secrets.CROSSBUILD_REMOTE_CACHE }}",
            ["CROSSBUILD_REMOTE_CACHE_HEADERS"] = "${{ secrets.CROSSBUILD_REMOTE_CACHE_HEADERS }}",
            ["CROSSBUILD_REMOTE_CACHE_KEY"] = "${{ secrets.CROSSBUILD_REMOTE_CACHE_KEY }}",
        });
        Map(jobs, "plan").Children.Should().NotContainKey(new YamlScalarNode("env"));
        Map(jobs, "merge").Children.Should().NotContainKey(new YamlScalarNode("env"));
        // The workflow never runs for pull requests, whose code must not hold the signing key.
        Map(Map(Workflow(), "on"), "push").Children.Should().ContainKey(new YamlScalarNode("tags"));
        Map(Workflow(), "on").Children.Should().NotContainKey(new YamlScalarNode("pull_request"));
    }

    // Each action at a major whose action.yml runs on Node 24 (GitHub removed Node 20 from its runners on 2026-09-16).
    [Fact]
    public void TheWorkflowUsesActionsThatRunOnNode24()
    {
        var uses = Map(Workflow(), "jobs").Children.SelectMany(job =>
                ((YamlSequenceNode)((YamlMappingNode)job.Value).Children[new YamlScalarNode("steps")]).Children.OfType<YamlMappingNode>()
                    .Where(step => step.Children.ContainsKey(new YamlScalarNode("uses"))).Select(step => Text(step, "uses")))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        uses.Should().Equal("actions/cache@v6", "actions/checkout@v6", "actions/download-artifact@v8", "actions/setup-dotnet@v5", "actions/upload-artifact@v7");
    }

    // Every crossbuild command of the workflow, run in order on a git checkout of samples/hello, with the leg for
    // this machine's runtime: the plan's output, a leg's release, the merge, and sha256sum -c on the result.
    [Fact]
    public void TheWorkflowsCommandsRunAsWritten()
    {
        using var tree = new TempTree();
        var module = tree.CopyFrom(Path.Combine(Samples, "hello"), "repo/samples/hello");
        var identity = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@t", ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@t",
        };
        foreach (var git in new[] { new[] { "init", "-q" }, ["add", "-A"], ["commit", "-qm", "sample"], ["tag", "v0.3.0"] })
            ProcessRunner.Run("git", tree.Path("repo"), identity, git).ExitCode.Should().Be(0);
        var env = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = tree.Path("output.txt"), ["GITHUB_STEP_SUMMARY"] = tree.Path("summary.md"),
            ["CROSSBUILD_CACHE"] = tree.Path(".cache"), ["SOURCE_DATE_EPOCH"] = "1767225600",
        };
        var rid = Crossbuild.Targets.RidCatalog.Host.Value;
        // The build legs' secrets: a team cache (and its key) that the leg fills.
        using var remote = new FakeBazelCache("team");
        var secrets = new Dictionary<string, string> { ["CROSSBUILD_REMOTE_CACHE"] = remote.Url, ["CROSSBUILD_REMOTE_CACHE_KEY"] = "k" };
        foreach (var (job, run) in Runs(Workflow()).Where(r => r.Run.StartsWith("crossbuild ", StringComparison.Ordinal)))
        {
            var line = run.Replace("${{ matrix.rid }}", rid);
            var args = CommandLine().Matches(line).Select(m => m.Value).Skip(1).ToList();
            var dir = job == "merge" ? tree.Path("repo") : module;
            if (job == "merge")
            {
                // download-artifact puts each leg in legs/leg-<rid>.
                tree.CopyFrom(Path.Combine(module, "dist", rid), $"repo/legs/leg-{rid}");
                args = args.SelectMany(a => a == "legs/*" ? Directory.GetDirectories(tree.Path("repo/legs")) : [a]).ToList();
            }
            if (line.Contains("cache key")) continue; // used inside $(…) in the workflow; covered in GitHubModeTests
            var result = CliRunner.Run(dir, job == "build" ? new Dictionary<string, string>(env).Concat(secrets).ToDictionary() : env, [.. args]);
            result.ExitCode.Should().Be(0, $"{job}: {line}\n{result.StdOut}{result.StdErr}");
        }
        File.ReadAllText(tree.Path("output.txt")).Should().StartWith("matrix={\"include\":[{\"rid\":\"linux-x64\"");
        ProcessRunner.Run("sha256sum", tree.Path("repo/release"), "-c", "SHA256SUMS").ExitCode.Should().Be(0);
        Directory.GetFiles(tree.Path("repo/release")).Select(Path.GetFileName).Should().Contain($"hello_0.3.0_{rid}.tar.gz");
        File.ReadAllText(tree.Path("summary.md")).Should().Contain("### Release").And.Contain("Remote cache: 0/2 compiles from the remote cache");
        remote.Store.Keys.Count(k => k.StartsWith("ac/", StringComparison.Ordinal)).Should().Be(2);
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex CommandLine();
}
