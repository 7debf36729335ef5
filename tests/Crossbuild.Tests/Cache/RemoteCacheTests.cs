using System.Text.RegularExpressions;
using Crossbuild.Adapters.Reapi;
using Crossbuild.Tests.Support;
using FluentAssertions;
using Xunit;

namespace Crossbuild.Tests.Cache;

/// <summary>
/// The remote cache through the real CLI against an in-process Bazel HTTP cache (<see cref="FakeBazelCache"/>):
/// two "machines" (checkouts at other paths, each with its own empty local cache) share results; every fault is a
/// local compile and one line; signatures, read-only mode and credentials.
/// </summary>
public sealed partial class RemoteCacheTests
{
    private const int Packages = 5; // four libraries and the app

    /// <summary>A chain of libraries and an app, the same wherever it is checked out.</summary>
    /// <remarks><paramref name="bulk"/> more methods per package make each compile take longer.</remarks>
    internal static TempTree Module(int libraries = Packages - 1, string name = "R", int bulk = 0)
    {
        var tree = new TempTree();
        tree.File("crossbuild.json", $"{{\"module\": \"{name}\"}}");
        for (var p = 0; p < libraries; p++)
            tree.File($"lib/l{p}/f.cs", (p == 0 ? "" : $"using {name}.L{p - 1};\n") +
                $"namespace {name}.L{p};\npublic static class F\n{{\n    public static int M(int x) => {(p == 0 ? "x" : "L" + (p - 1) + ".F.M(x)")} + {p + 1};\n" +
                string.Concat(Enumerable.Range(0, bulk).Select(m => $"    public static string B{m}(int x) => $\"{{x}} {{x * {m}}} {{M(x) + {m}}}\";\n")) + "}\n");
        tree.File("cmd/app/main.cs", $"System.Console.WriteLine({name}.L{libraries - 1}.F.M(1));\n");
        return tree;
    }

    internal static ProcessRunner.Result Build(TempTree tree, string cache, string? url, Dictionary<string, string>? env = null, params string[] extra)
    {
        var vars = new Dictionary<string, string>(env ?? []) { ["CROSSBUILD_CACHE"] = cache };
        if (url is not null) vars["CROSSBUILD_REMOTE_CACHE"] = url;
        return CliRunner.Run(tree.Root, vars, ["build", "-v", "--trimpath", "-o", "out/", .. extra, "./..."]);
    }

    // The -v summary line: "crossbuild: remote cache <url>: 5 hits, 0 misses (100%), …".
    internal static (int Hits, int Misses) Stats(ProcessRunner.Result run)
    {
        var m = StatsLine().Match(run.StdErr);
        m.Success.Should().BeTrue($"-v prints the remote cache's numbers:\n{run.StdErr}");
        return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
    }

    internal static string[] Warnings(ProcessRunner.Result run) =>
        run.StdErr.Split('\n').Where(l => l.StartsWith("crossbuild: remote cache:", StringComparison.Ordinal)).ToArray();

    internal static string[] Compiled(ProcessRunner.Result run) =>
        run.StdErr.Split('\n').Where(l => l.StartsWith("lib/", StringComparison.Ordinal) || l.StartsWith("cmd/", StringComparison.Ordinal)).ToArray();

    [GeneratedRegex(@"crossbuild: remote cache \S+: (\d+) hits, (\d+) misses")]
    private static partial Regex StatsLine();

    private static string NewCache() => Path.Combine(Path.GetTempPath(), "crossbuild-tests", "remote-" + Guid.NewGuid().ToString("N")[..12]);

    internal static void SameOutputs(TempTree a, TempTree b)
    {
        var files = Directory.GetFiles(Path.Combine(a.Root, "out"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(a.Root, "out"), f)).Order().ToArray();
        files.Should().NotBeEmpty();
        Directory.GetFiles(Path.Combine(b.Root, "out"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(b.Root, "out"), f)).Order().Should().Equal(files);
        foreach (var f in files)
            File.ReadAllBytes(Path.Combine(b.Root, "out", f)).Should().Equal(File.ReadAllBytes(Path.Combine(a.Root, "out", f)), f);
    }

    [Fact]
    public void AnotherMachineWithAnEmptyCacheCompilesNothingAndWritesTheSameBytes()
    {
        using var server = new FakeBazelCache("team/ci");
        using var a = Module();
        using var b = Module();
        var first = Build(a, NewCache(), server.Url);
        first.ExitCode.Should().Be(0, first.StdErr);
        Stats(first).Should().Be((0, Packages));
        Compiled(first).Should().HaveCount(Packages);
        server.Store.Keys.Count(k => k.StartsWith("ac/", StringComparison.Ordinal)).Should().Be(Packages);

        // What a Bazel cache stores: REAPI ActionResults whose every output file is in the CAS.
        foreach (var (key, value) in server.Store.Where(kv => kv.Key.StartsWith("ac/", StringComparison.Ordinal)))
        {
            var result = ActionResult.Parser.ParseFrom(value);
            result.OutputFiles.Select(f => f.Path).Should().Contain(["crossbuild/entry", "dll", "ref", "pdb"], key);
            foreach (var file in result.OutputFiles)
            {
                server.Store.Should().ContainKey("cas/" + file.Digest.Hash);
                server.Store["cas/" + file.Digest.Hash].LongLength.Should().Be(file.Digest.SizeBytes);
                Crossbuild.Common.ContentHash.Of(server.Store["cas/" + file.Digest.Hash]).Should().Be(file.Digest.Hash);
            }
        }

        var second = Build(b, NewCache(), server.Url);
        second.ExitCode.Should().Be(0, second.StdErr);
        Stats(second).Should().Be((Packages, 0));
        Compiled(second).Should().BeEmpty("every result came from the remote cache");
        Warnings(second).Should().BeEmpty();
        SameOutputs(a, b);
        ProcessRunner.Run(Path.Combine(b.Root, "out", "app"), b.Root).StdOut.Trim().Should().Be("11");
    }

    [Fact]
    public void ALargeBlobTheCacheHasIsNotUploadedAgain()
    {
        using var server = new FakeBazelCache();
        using var a = Module(libraries: 1, bulk: 3000);
        using var b = Module(libraries: 1, bulk: 3000);
        Build(a, NewCache(), server.Url).ExitCode.Should().Be(0);
        var large = server.Store.Where(kv => kv.Key.StartsWith("cas/", StringComparison.Ordinal) && kv.Value.Length >= Crossbuild.Cache.Remote.RemoteCache.AskFirstBytes)
            .Select(kv => kv.Key).ToArray();
        large.Should().NotBeEmpty("the library's assembly is large");
        var before = server.Requests.Count;

        // Machine B compiles the same (-a) and uploads: the large blobs are asked for, not sent.
        var again = Build(b, NewCache(), server.Url, null, "-a");
        again.ExitCode.Should().Be(0, again.StdErr);
        var requests = server.Requests.Skip(before).ToArray();
        requests.Where(r => r.Method == "HEAD").Select(r => r.Path).Should().BeEquivalentTo(large);
        requests.Where(r => r.Method == "PUT").Select(r => r.Path).Should().NotIntersectWith(large).And.Contain(p => p.StartsWith("ac/", StringComparison.Ordinal));
    }

    // An unsigned shared cache may hold anything: results that lack an output, or name a blob of 100 GB.
    [Theory]
    [InlineData("missing output", "has no dll")]
    [InlineData("impossible blob", "impossible blob")]
    public void AHostileResultIsAMissNeverACrash(string forgery, string said)
    {
        using var server = new FakeBazelCache();
        using var a = Module();
        using var b = Module();
        Build(a, NewCache(), server.Url).ExitCode.Should().Be(0);
        foreach (var key in server.Store.Keys.Where(k => k.StartsWith("ac/", StringComparison.Ordinal)).ToArray())
        {
            var id = key[3..];
            var result = ActionResult.Parser.ParseFrom(server.Store[key]);
            var entryDigest = result.OutputFiles.Single(f => f.Path == "crossbuild/entry").Digest;
            var entry = Crossbuild.Cache.CacheEntry.TryParse(server.Store["cas/" + entryDigest.Hash])!;
            var outputs = forgery == "missing output"
                ? entry.Outputs.Where(o => o.Role != "dll").ToArray()
                : entry.Outputs.Select(o => o.Role == "dll" ? o with { Size = 100L << 30 } : o).ToArray();
            var forged = entry with { Outputs = outputs };
            var bytes = forged.Serialize();
            server.Store["cas/" + Crossbuild.Common.ContentHash.Of(bytes)] = bytes;
            server.Store[key] = Crossbuild.Cache.Remote.ActionResults.Encode(id, forged, bytes, null);
        }
        var run = Build(b, NewCache(), server.Url, new() { ["CROSSBUILD_REMOTE_CACHE_UPLOAD"] = "0" });
        run.ExitCode.Should().Be(0, run.StdErr);
        run.StdErr.Should().Contain(said);
        Compiled(run).Should().HaveCount(Packages);
        SameOutputs(a, b);
    }

    [Theory]
    [InlineData(CacheFault.ServerError, "500")]
    [InlineData(CacheFault.Truncated, "ended")]
    [InlineData(CacheFault.WrongContent, "wrong content")]
    public void AFaultyServerMeansALocalCompileAndOneLine(CacheFault fault, string said)
    {
        using var server = new FakeBazelCache();
        using var a = Module();
        using var b = Module();
        Build(a, NewCache(), server.Url).ExitCode.Should().Be(0);
        server.Fault = fault;
        var faulty = Build(b, NewCache(), server.Url);
        faulty.ExitCode.Should().Be(0, faulty.StdErr);
        Warnings(faulty).Should().ContainSingle().Which.Should().Contain(said);
        Compiled(faulty).Should().HaveCount(Packages);
        SameOutputs(a, b);
    }

    [Fact]
    public void ASlowServerTimesOutAndIsSwitchedOff()
    {
        using var server = new FakeBazelCache { Fault = CacheFault.Slow };
        using var a = Module();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = Build(a, NewCache(), server.Url, new() { ["CROSSBUILD_REMOTE_CACHE_TIMEOUT"] = "0.5" });
        run.ExitCode.Should().Be(0, run.StdErr);
        Warnings(run).Should().ContainSingle().Which.Should().Contain("no answer within 0.5 s");
        run.StdErr.Should().Contain("switched off after repeated failures");
        // Three requests in a row time out (with at most the others already in flight); then no more are made.
        server.Requests.Count.Should().BeInRange(Crossbuild.Cache.Remote.RemoteCache.FailuresBeforeOff,
            Crossbuild.Cache.Remote.RemoteCache.FailuresBeforeOff + Crossbuild.Cache.Remote.RemoteCache.Concurrency);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void AServerThatIsDownCostsOneLine()
    {
        using var a = Module();
        var run = Build(a, NewCache(), $"http://127.0.0.1:{FakeBazelCache.FreePort()}");
        run.ExitCode.Should().Be(0, run.StdErr);
        Warnings(run).Should().ContainSingle().Which.Should().Contain("compiling locally");
        Compiled(run).Should().HaveCount(Packages);
        ProcessRunner.Run(Path.Combine(a.Root, "out", "app"), a.Root).StdOut.Trim().Should().Be("11");
    }

    [Fact]
    public void ARefusedUploadIsOneLineNotOnePerAction()
    {
        using var server = new FakeBazelCache { Fault = CacheFault.ForbiddenUpload };
        using var a = Module();
        var run = Build(a, NewCache(), server.Url);
        run.ExitCode.Should().Be(0, run.StdErr);
        Warnings(run).Should().ContainSingle().Which.Should().Contain("403").And.Contain("not uploading");
        server.Store.Should().BeEmpty();
    }

    [Fact]
    public void WithAKeyOnlyResultsSignedWithItAreUsed()
    {
        using var server = new FakeBazelCache();
        using var a = Module();
        using var b = Module();
        using var c = Module();
        var key = new Dictionary<string, string> { ["CROSSBUILD_REMOTE_CACHE_KEY"] = "team-key-1" };
        Build(a, NewCache(), server.Url, key).ExitCode.Should().Be(0);
        var same = Build(b, NewCache(), server.Url, key);
        Stats(same).Should().Be((Packages, 0));

        var other = Build(c, NewCache(), server.Url, new() { ["CROSSBUILD_REMOTE_CACHE_KEY"] = "another-key", ["CROSSBUILD_REMOTE_CACHE_UPLOAD"] = "0" });
        other.ExitCode.Should().Be(0, other.StdErr);
        Warnings(other).Should().ContainSingle().Which.Should().Contain("wrongly signed");
        Compiled(other).Should().HaveCount(Packages);

        // A pull request's unsigned upload cannot poison a cache whose readers hold the key.
        using var poisoned = new FakeBazelCache();
        using var d = Module();
        using var e = Module();
        Build(d, NewCache(), poisoned.Url).ExitCode.Should().Be(0);
        var reader = Build(e, NewCache(), poisoned.Url, key);
        Warnings(reader).Should().ContainSingle().Which.Should().Contain("unsigned");
        Stats(reader).Should().Be((0, Packages));
    }

    [Fact]
    public void ReadOnlyClientsAndPullRequestsNeverWrite()
    {
        using var server = new FakeBazelCache();
        using var a = Module();
        var flag = Build(a, NewCache(), server.Url, null, "--remote-cache-upload=false");
        flag.ExitCode.Should().Be(0, flag.StdErr);
        flag.StdErr.Should().Contain("read-only");
        server.Count("PUT").Should().Be(0);

        var summary = Path.Combine(a.Root, "summary.md");
        var github = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_EVENT_NAME"] = "pull_request", ["GITHUB_STEP_SUMMARY"] = summary };
        var pr = Build(a, NewCache(), server.Url, github);
        pr.ExitCode.Should().Be(0, pr.StdErr);
        server.Count("PUT").Should().Be(0);
        File.ReadAllText(summary).Should().Contain("Remote cache: 0/5 compiles from the remote cache (0% hit rate)");

        var push = Build(a, NewCache(), server.Url, new(github) { ["GITHUB_EVENT_NAME"] = "push" });
        push.ExitCode.Should().Be(0, push.StdErr);
        server.Count("PUT").Should().BeGreaterThan(Packages);

        var again = Build(a, NewCache(), server.Url, new(github) { ["GITHUB_EVENT_NAME"] = "pull_request" });
        File.ReadAllText(summary).Should().Contain("Remote cache: 5/5 compiles from the remote cache (100% hit rate)");
        again.ExitCode.Should().Be(0);
    }

    [Fact]
    public void CredentialsAreSentButNeverShownOrStored()
    {
        using var server = new FakeBazelCache("p");
        using var a = Module();
        var cache = NewCache();
        var url = $"http://builder:pw-s3cret@127.0.0.1:{server.Port}/p";
        var run = CliRunner.Run(a.Root, new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = cache, ["CROSSBUILD_REMOTE_CACHE"] = url },
            "build", "-v", "-x", "--timings", "-o", "out/", "./...");
        run.ExitCode.Should().Be(0, run.StdErr);
        var basic = "Basic " + Convert.ToBase64String("builder:pw-s3cret"u8.ToArray());
        server.Requests.Should().NotBeEmpty().And.OnlyContain(r => r.Authorization == basic);
        (run.StdOut + run.StdErr).Should().NotContain("s3cret").And.Contain($"remote cache http://127.0.0.1:{server.Port}/p:");

        var bearer = CliRunner.Run(a.Root, new Dictionary<string, string>
        {
            ["CROSSBUILD_CACHE"] = NewCache(),
            ["CROSSBUILD_REMOTE_CACHE"] = server.Url,
            ["CROSSBUILD_REMOTE_CACHE_HEADERS"] = "Authorization: Bearer tok-s3cret\nX-Team: a",
        }, "build", "-v", "-o", "out/", "./...");
        bearer.ExitCode.Should().Be(0, bearer.StdErr);
        server.Requests.Last().Authorization.Should().Be("Bearer tok-s3cret");
        (bearer.StdOut + bearer.StdErr).Should().NotContain("s3cret");

        var env = CliRunner.Run(a.Root, new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = cache, ["CROSSBUILD_REMOTE_CACHE"] = url }, "env", "CROSSBUILD_REMOTE_CACHE");
        env.StdOut.Trim().Should().Be($"http://127.0.0.1:{server.Port}/p");

        foreach (var file in Directory.GetFiles(cache, "*", SearchOption.AllDirectories).Concat(Directory.GetFiles(Path.Combine(a.Root, "out"), "*", SearchOption.AllDirectories)))
            System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file)).Should().NotContain("s3cret", file);
        foreach (var blob in server.Store.Values)
            System.Text.Encoding.Latin1.GetString(blob).Should().NotContain("s3cret");

        var bad = CliRunner.Run(a.Root, new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = cache }, "build", "--remote-cache", "ftp://builder:pw-s3cret@host/x", "./...");
        bad.ExitCode.Should().NotBe(0);
        bad.StdErr.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain("expected an http:// or https:// URL").And.NotContain("s3cret");

        var header = CliRunner.Run(a.Root, new Dictionary<string, string>
        {
            ["CROSSBUILD_CACHE"] = cache, ["CROSSBUILD_REMOTE_CACHE"] = server.Url, ["CROSSBUILD_REMOTE_CACHE_HEADERS"] = "tok-s3cret",
        }, "build", "./...");
        header.ExitCode.Should().NotBe(0);
        header.StdErr.Trim().Split('\n').Should().ContainSingle().Which.Should().Be(
            "crossbuild: CROSSBUILD_REMOTE_CACHE_HEADERS: line 1 is not a header such as \"Authorization: Bearer …\"");
    }
}
