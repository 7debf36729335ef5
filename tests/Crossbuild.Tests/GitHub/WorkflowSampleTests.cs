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
            "plan: crossbuild plan --github --matrix",
            "build: crossbuild release --locked -r ${{ matrix.rid }} ${{ matrix.flags }} -o dist/${{ matrix.leg }}",
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

    // Every crossbuild command of the workflow, run in order on a git checkout of samples/hello, with the legs the
    // plan gives this machine's runtime (its Native AOT leg too, where this host can link one): the plan's output,
    // each leg's release, the merge, and sha256sum -c on the result.
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
        var legs = new List<(string Flags, string Leg)>();
        foreach (var (job, run) in Runs(Workflow()).Where(r => r.Run.StartsWith("crossbuild ", StringComparison.Ordinal)))
        {
            if (run.Contains("cache key")) continue; // used inside $(…) in the workflow; covered in GitHubModeTests
            foreach (var (flags, leg) in job == "build" ? legs : [("", "")])
            {
                var line = run.Replace("${{ matrix.rid }}", rid).Replace("${{ matrix.flags }}", flags).Replace("${{ matrix.leg }}", leg);
                var args = CommandLine().Matches(line).Select(m => m.Value).Skip(1).ToList();
                var dir = job == "merge" ? tree.Path("repo") : module;
                if (job == "merge")
                {
                    // download-artifact puts each leg in legs/leg-<leg>.
                    foreach (var (_, built) in legs) tree.CopyFrom(Path.Combine(module, "dist", built), $"repo/legs/leg-{built}");
                    args = args.SelectMany(a => a == "legs/*" ? Directory.GetDirectories(tree.Path("repo/legs")) : [a]).ToList();
                }
                var result = CliRunner.Run(dir, job == "build" ? new Dictionary<string, string>(env).Concat(secrets).ToDictionary() : env, [.. args]);
                result.ExitCode.Should().Be(0, $"{job}: {line}\n{result.StdOut}{result.StdErr}");
            }
            if (job == "plan")
            {
                // The matrix the plan wrote: this runner builds the legs of its own runtime.
                var matrix = System.Text.Json.JsonDocument.Parse(File.ReadAllText(tree.Path("output.txt"))["matrix=".Length..]);
                legs = matrix.RootElement.GetProperty("include").EnumerateArray()
                    .Where(e => e.GetProperty("rid").GetString() == rid)
                    .Where(e => e.GetProperty("output").GetString() != "aot" || AotFactAttribute.Available)
                    .Select(e => (e.GetProperty("flags").GetString()!, e.GetProperty("leg").GetString()!)).ToList();
            }
        }
        File.ReadAllText(tree.Path("output.txt")).Should().StartWith("matrix={\"include\":[{\"rid\":\"linux-x64\",\"runner\":\"ubuntu-latest\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"linux-x64\"},{\"rid\":\"linux-x64\",\"runner\":\"ubuntu-latest\",\"output\":\"aot\",\"flags\":\"--aot\",\"leg\":\"linux-x64-aot\"}");
        ProcessRunner.Run("sha256sum", tree.Path("repo/release"), "-c", "SHA256SUMS").ExitCode.Should().Be(0);
        var released = Directory.GetFiles(tree.Path("repo/release")).Select(Path.GetFileName).ToArray();
        released.Should().Contain($"hello_0.3.0_{rid}.tar.gz");
        if (rid == "linux-x64" && AotFactAttribute.Available)
        {
            released.Should().Contain("hello_0.3.0_linux-x64_aot.tar.gz");
            using var tar = new System.Formats.Tar.TarReader(new System.IO.Compression.GZipStream(File.OpenRead(tree.Path("repo/release/hello_0.3.0_linux-x64_aot.tar.gz")), System.IO.Compression.CompressionMode.Decompress));
            var entries = new List<string>();
            while (tar.GetNextEntry() is { } entry) entries.Add(entry.Name);
            entries.Should().Contain(["hello", "hello.dbg"]).And.NotContain(e => e.EndsWith(".dll", StringComparison.Ordinal));
        }
        File.ReadAllText(tree.Path("summary.md")).Should().Contain("### Release").And.Contain("Remote cache: 0/2 compiles from the remote cache");
        // The two compiles, and the Native AOT leg's native compile.
        remote.Store.Keys.Count(k => k.StartsWith("ac/", StringComparison.Ordinal)).Should().Be(rid == "linux-x64" && AotFactAttribute.Available ? 3 : 2);
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex CommandLine();
}
