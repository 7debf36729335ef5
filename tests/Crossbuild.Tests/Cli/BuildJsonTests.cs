using System.Text.Json;
using System.Text.Json.Nodes;
using Crossbuild.Tests.Support;
using Json.Schema;

namespace Crossbuild.Tests.Cli;

/// <summary><c>build -json</c> against docs/build-json.schema.json, and <c>build --trace</c> against the Chrome trace format.</summary>
public class BuildJsonTests
{
    private static string Repo => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    // Read once: the schema library registers a schema by its $id, process-wide.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(Repo, "docs", "build-json.schema.json"))));

    private static TempTree Module()
    {
        var tree = new TempTree();
        tree.File("crossbuild.json", "{\"module\": \"Acme\"}");
        tree.File("lib/text/t.cs", "namespace Acme.Text; public static class T { public static string Hi() { int unused; return \"hi\"; } }");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi());");
        return tree;
    }

    private static ProcessRunner.Result Cli(TempTree tree, params string[] args) =>
        CliRunner.Run(tree.Root, new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path(".cache") }, args);

    private static JsonObject[] Events(ProcessRunner.Result r)
    {
        var schema = Schema.Value;
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().NotBeEmpty();
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            result.IsValid.Should().BeTrue($"{line} matches the schema: {string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")))}");
        }
        return lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
    }

    [Fact]
    public void TheRemoteCacheIsOneEventAndItsFaultsAreNotices()
    {
        using var remote = new FakeBazelCache("team");
        using var tree = Module();
        ProcessRunner.Result Build(string cache, string url) => CliRunner.Run(tree.Root,
            new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path(cache), ["CROSSBUILD_REMOTE_CACHE"] = url }, "build", "-json", "./...");
        var first = Events(Build(".cache-a", remote.Url));
        var stats = first.Single(e => (string)e["Action"]! == "remote-cache");
        ((string)stats["Url"]!, (int)stats["Hits"]!, (int)stats["Misses"]!, (int)stats["Uploaded"]!, (bool)stats["Upload"]!)
            .Should().Be((remote.Url, 0, 2, 2, true));
        ((long)stats["BytesUp"]!).Should().Be(remote.Store.Values.Sum(v => (long)v.Length));

        var second = Events(Build(".cache-b", remote.Url)).Single(e => (string)e["Action"]! == "remote-cache");
        ((int)second["Hits"]!, (int)second["Misses"]!, (long)second["BytesDown"]!).Should().Be((2, 0, remote.Store.Values.Sum(v => (long)v.Length)));

        var down = Events(Build(".cache-c", $"http://127.0.0.1:{FakeBazelCache.FreePort()}"));
        down.Where(e => (string)e["Action"]! == "notice").Select(e => (string)e["Message"]!).Should().ContainSingle().Which.Should().StartWith("remote cache: GET ");
        ((bool)down.Last()["Succeeded"]!).Should().BeTrue();
    }

    [Fact]
    public void EveryLineMatchesTheSchemaAndTellsCompilesCacheHitsDiagnosticsFilesAndTheSummary()
    {
        using var tree = Module();
        var first = Cli(tree, "build", "-json", "-o", "out/", "./...");
        first.ExitCode.Should().Be(0, first.StdErr);
        first.StdErr.Should().BeEmpty("with -json everything is an event on stdout");
        var events = Events(first);
        events.Where(e => (string)e["Action"]! == "stage").Select(e => (string)e["Stage"]!).Should().Equal("load", "vcs", "deps", "plan", "run");
        events.Where(e => (string)e["Action"]! == "compile-finish").Select(e => ((string)e["Package"]!, (bool)e["Cached"]!))
            .Should().BeEquivalentTo([("lib/text", false), ("cmd/app", false)]);
        var warning = events.Single(e => (string)e["Action"]! == "diagnostic");
        ((string)warning["File"]!, (int)warning["Line"]!, (int)warning["Column"]!, (string)warning["Code"]!, (string)warning["Severity"]!)
            .Should().Be(("lib/text/t.cs", 1, 78, "CS0168", "warning"));
        events.Where(e => (string)e["Action"]! == "write").Select(e => (string)e["Path"]!).Should().Contain("out/app");
        var summary = events.Last();
        ((string)summary["Action"]!, (bool)summary["Succeeded"]!, (int)summary["Compiled"]!, (int)summary["Warnings"]!).Should().Be(("summary", true, 2, 1));

        // Nothing changed: every compile is a cache hit and nothing is written.
        var second = Events(Cli(tree, "build", "-json", "-o", "out/", "./..."));
        second.Where(e => (string)e["Action"]! == "compile-finish").Should().OnlyContain(e => (bool)e["Cached"]!);
        second.Should().NotContain(e => (string)e["Action"]! == "write");

        tree.File("lib/text/t.cs", "namespace Acme.Text; public static class T { public static string Hi() => nope; }");
        var failed = Cli(tree, "build", "-json", "./...");
        failed.ExitCode.Should().Be(1);
        var errors = Events(failed);
        errors.Should().Contain(e => (string)e["Action"]! == "diagnostic" && (string)e["Code"]! == "CS0103" && (string)e["Severity"]! == "error");
        ((bool)errors.Last()["Succeeded"]!).Should().BeFalse();

        var unknown = Cli(tree, "build", "-json", "./nowhere");
        unknown.ExitCode.Should().Be(1);
        Events(unknown).Should().Contain(e => (string)e["Action"]! == "error" && ((string)e["Message"]!).Contains("nowhere"));
    }

    [Fact]
    public void RunGivesTheProgramsOutputAndExitCodeAsEventsAndReleaseItsArtifacts()
    {
        using var tree = Module();
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi()); System.Console.WriteLine(\"two \\\"lines\\\"\"); System.Console.Error.Write(\"partial\"); return 3;");
        var run = Cli(tree, "run", "-json", "./cmd/app");
        run.ExitCode.Should().Be(3, "run passes the program's exit code through: " + run.StdErr);
        run.StdErr.Should().BeEmpty();
        var events = Events(run);
        var outputs = events.Where(e => (string)e["Action"]! == "output").ToArray();
        outputs.Where(e => (string)e["Stream"]! == "stdout").Select(e => (string)e["Output"]!).Should().Equal("hi\n", "two \"lines\"\n");
        outputs.Where(e => (string)e["Stream"]! == "stderr").Select(e => (string)e["Output"]!).Should().Equal("partial");
        Array.FindIndex(events, e => (string)e["Action"]! == "summary").Should().BeLessThan(Array.IndexOf(events, outputs[0]), "the build's summary comes before the program runs");
        ((string)events.Last()["Action"]!, (int)events.Last()["ExitCode"]!).Should().Be(("exit", 3));

        var broken = Cli(tree, "run", "-json", "./lib/text");
        broken.ExitCode.Should().Be(1);
        Events(broken).Should().Contain(e => (string)e["Action"]! == "error" && ((string)e["Message"]!).Contains("not an executable package"));

        var release = Cli(tree, "release", "-json", "-o", "dist", "--version", "1.2.3", "./...");
        release.ExitCode.Should().Be(0, release.StdErr);
        release.StdErr.Should().BeEmpty();
        var released = Events(release);
        var artifacts = released.Where(e => (string)e["Action"]! == "artifact").ToArray();
        artifacts.Should().NotBeEmpty();
        foreach (var a in artifacts)
        {
            var file = tree.Path((string)a["Path"]!);
            ((long)a["Size"]!).Should().Be(new FileInfo(file).Length);
            ((string)a["Sha256"]!).Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));
        }
        artifacts.Select(a => (string)a["Path"]!).Should().Contain(p => p.StartsWith("dist/") && p.EndsWith(".tar.gz"));
        var last = released.Last();
        ((string)last["Action"]!, (string)last["Version"]!, (string)last["Directory"]!, (int)last["Artifacts"]!).Should().Be(("release", "1.2.3", "dist", artifacts.Length));
    }

    [Fact]
    public void TheTraceIsCompleteEventsThatNestAndAddUpToTheBuild()
    {
        using var tree = Module();
        var r = Cli(tree, "build", "--trace", "trace.json", "-o", "out/", "./...");
        r.ExitCode.Should().Be(0, r.StdErr);
        var events = JsonDocument.Parse(File.ReadAllText(tree.Path("trace.json"))).RootElement.GetProperty("traceEvents").EnumerateArray().ToArray();
        var spans = events.Where(e => e.GetProperty("ph").GetString() == "X").ToArray();
        static bool Has(JsonElement e, string name) => e.TryGetProperty(name, out var _);
        spans.Where(e => !(Has(e, "name") && Has(e, "ts") && Has(e, "dur") && Has(e, "pid") && Has(e, "tid"))).Should().BeEmpty();
        (double Start, double End) Of(JsonElement e) => (e.GetProperty("ts").GetDouble(), e.GetProperty("ts").GetDouble() + e.GetProperty("dur").GetDouble());
        var build = Of(spans.Single(e => e.GetProperty("name").GetString() == "build"));
        var stages = spans.Where(e => e.GetProperty("cat").GetString() == "stage").ToArray();
        stages.Select(e => e.GetProperty("name").GetString()).Should().Equal("load", "vcs", "deps", "plan", "run");
        const double slack = 1; // µs of rounding
        stages.Select(Of).Where(s => s.Start < build.Start - slack || s.End > build.End + slack).Should().BeEmpty("stages nest in the build");
        var stageTotal = stages.Sum(e => e.GetProperty("dur").GetDouble());
        stageTotal.Should().BeInRange((build.End - build.Start) * 0.9, (build.End - build.Start) + slack, "the stages add up to the build's wall time");
        var run = Of(stages.Last());
        var compiles = spans.Where(e => e.GetProperty("cat").GetString() == "compile").ToArray();
        compiles.Select(e => e.GetProperty("args").GetProperty("package").GetString()).Should().BeEquivalentTo(["lib/text", "cmd/app"]);
        compiles.Where(e => e.GetProperty("tid").GetInt32() < 1 || e.GetProperty("args").GetProperty("cached").GetBoolean()).Should().BeEmpty();
        spans.Where(e => e.GetProperty("tid").GetInt32() >= 1).Select(Of).Where(s => s.Start < run.Start - slack || s.End > run.End + slack)
            .Should().BeEmpty("actions run inside the run stage");
        // A lane runs one action at a time.
        foreach (var lane in spans.Where(e => e.GetProperty("tid").GetInt32() >= 1).GroupBy(e => e.GetProperty("tid").GetInt32()))
        {
            var ordered = lane.Select(Of).OrderBy(s => s.Start).ToArray();
            ordered.Zip(ordered.Skip(1)).Where(p => p.First.End > p.Second.Start + slack).Should().BeEmpty();
        }
    }
}
