using Crossbuild.Tests.Support;
using FluentAssertions;
using Xunit;

namespace Crossbuild.Tests.Cache;

/// <summary>
/// The remote cache against a real server: nginx with its WebDAV module, as teams put one in front of a disk or
/// a bucket. Three "machines" (checkouts at other paths, each with its own local cache) share it.
/// </summary>
public sealed class NginxRemoteCacheTests
{
    private static readonly string HelloSample = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples/hello"));

    private static (TempTree Hello, TempTree Chain) Checkout()
    {
        var hello = new TempTree();
        hello.CopyFrom(HelloSample, ".");
        return (hello, RemoteCacheTests.Module(libraries: 9, name: "Ten"));
    }

    private static string NewCache() => Path.Combine(Path.GetTempPath(), "crossbuild-tests", "nginx-cache-" + Guid.NewGuid().ToString("N")[..12]);

    [NginxFact]
    public void MachinesShareResultsThroughNginxAndABuildSurvivesItsStop()
    {
        using var nginx = new NginxCache();

        // Machine A: builds both modules and uploads.
        var (helloA, chainA) = Checkout();
        using (helloA)
        using (chainA)
        {
            var cacheA = NewCache();
            foreach (var tree in new[] { helloA, chainA })
            {
                var built = RemoteCacheTests.Build(tree, cacheA, nginx.Url);
                built.ExitCode.Should().Be(0, built.StdErr + nginx.Log);
                RemoteCacheTests.Warnings(built).Should().BeEmpty(nginx.Log);
                RemoteCacheTests.Stats(built).Hits.Should().Be(0);
            }
            nginx.Entries("ac").Should().HaveCount(2 + 10, "samples/hello has two packages, the chain ten");
            nginx.Entries("cas").Should().NotBeEmpty();

            // Machine B: another checkout path, an empty local cache: compiles nothing, writes the same bytes.
            var (helloB, chainB) = Checkout();
            using (helloB)
            using (chainB)
            {
                var cacheB = NewCache();
                foreach (var (a, b) in new[] { (helloA, helloB), (chainA, chainB) })
                {
                    var built = RemoteCacheTests.Build(b, cacheB, nginx.Url);
                    built.ExitCode.Should().Be(0, built.StdErr);
                    RemoteCacheTests.Compiled(built).Should().BeEmpty("machine A compiled it: " + built.StdErr);
                    RemoteCacheTests.Stats(built).Misses.Should().Be(0);
                    RemoteCacheTests.SameOutputs(a, b);
                }
                ProcessRunner.Run(Path.Combine(chainB.Root, "out", "app"), chainB.Root).StdOut.Trim().Should().Be("46");
                nginx.Access.Should().Contain(l => l.Contains("\"GET /cache/team/ac/", StringComparison.Ordinal) && l.Contains("\" 200 ", StringComparison.Ordinal));
            }
        }

        // Machine C: a module the cache has never seen; nginx goes away once the first package compiled.
        using var chainC = RemoteCacheTests.Module(libraries: 9, name: "Gone", bulk: 400);
        using var build = new LiveProcess("dotnet", chainC.Root, new Dictionary<string, string>
        {
            ["CROSSBUILD_CACHE"] = NewCache(), ["CROSSBUILD_REMOTE_CACHE"] = nginx.Url,
        }, CliRunner.CliDll, "build", "-v", "-p", "1", "--trimpath", "-o", "out/", "./...");
        build.WaitFor(l => l.StartsWith("lib/l0", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
        nginx.Stop();
        build.WaitForExit(TimeSpan.FromMinutes(3)).Should().Be(0, build.Text);
        build.Lines.Count(l => l.StartsWith("crossbuild: remote cache:", StringComparison.Ordinal)).Should().Be(1, build.Text);
        build.Lines.Count(l => l.StartsWith("lib/", StringComparison.Ordinal) || l.StartsWith("cmd/", StringComparison.Ordinal)).Should().Be(10);
        ProcessRunner.Run(Path.Combine(chainC.Root, "out", "app"), chainC.Root).StdOut.Trim().Should().Be("46");
    }
}
