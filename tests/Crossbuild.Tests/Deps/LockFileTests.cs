using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Deps;

/// <summary>crossbuild.lock.json: written when resolution changes, verified on every build, offline once extracted.</summary>
public class LockFileTests
{
    private static PackageModule Module() =>
        new PackageModule("\"A\": \"1.0.0\"", "System.Console.WriteLine(A.Lib.Name);")
            .With(new TestPackage("A", "1.0.0").DependsOn(null, ("B", "1.0.0")).Lib("net8.0", "namespace A; public static class Lib { public static string Name => \"A\"; }"),
                new TestPackage("B", "1.0.0").Lib("net8.0", "namespace B; public static class Lib { }"));

    private static string Metadata(PackageModule m, string id) =>
        File.ReadAllText(m.Tree.Path($"global/{id}/1.0.0/.nupkg.metadata"));

    [Fact]
    public void TheLockFileRecordsVersionsAndContentHashesAndIsWrittenOnlyWhenResolutionChanges()
    {
        using var m = Module();
        m.BuildAndRun().Should().Be("A");
        var text = m.Lock!;
        text.Should().Contain("\"requested\": {\n    \"A\": \"[1.0.0, )\"\n  }");
        text.Should().Contain("\"A\": {\n        \"version\": \"1.0.0\",\n        \"dependencies\": {\n          \"B\": \"[1.0.0, )\"");
        foreach (var id in new[] { "a", "b" })
        {
            var hash = System.Text.Json.JsonDocument.Parse(Metadata(m, id)).RootElement.GetProperty("contentHash").GetString();
            text.Should().Contain($"\"{id}/1.0.0\": \"sha512-{hash}\"");
        }
        var stamp = File.GetLastWriteTimeUtc(m.Tree.Path("crossbuild.lock.json"));
        Thread.Sleep(20);
        m.BuildAndRun().Should().Be("A");
        File.GetLastWriteTimeUtc(m.Tree.Path("crossbuild.lock.json")).Should().Be(stamp);
        m.Lock.Should().Be(text);
    }

    [Fact]
    public void LockedFailsWhenResolutionWouldChangeTheLockFile()
    {
        using var m = Module();
        m.Cli("build", "--locked", "-o", "out/", "./app").StdErr.Trim()
            .Should().Be("crossbuild: --locked: crossbuild.lock.json would change (there is no crossbuild.lock.json); build without --locked to update it");
        m.BuildAndRun();
        var before = m.Lock;
        m.BuildAndRun("--locked").Should().Be("A");
        m.Tree.Module("App", ", \"packages\": { \"A\": \"1.0.0\", \"B\": \"1.0.0\" }");
        var locked = m.Cli("build", "--locked", "-o", "out/", "./app");
        locked.ExitCode.Should().Be(1);
        locked.StdErr.Trim().Should().Be("crossbuild: --locked: crossbuild.lock.json would change (B [1.0.0, ) was added); build without --locked to update it");
        m.Lock.Should().Be(before);
    }

    [Fact]
    public void AHashThatDoesNotMatchIsRefusedFromTheGlobalFolderAndFromASource()
    {
        using var m = Module();
        m.BuildAndRun();
        var good = m.Lock!;
        var hash = System.Text.Json.JsonDocument.Parse(Metadata(m, "b")).RootElement.GetProperty("contentHash").GetString()!;
        var forged = "sha512-" + Convert.ToBase64String(new byte[64]);
        File.WriteAllText(m.Tree.Path("crossbuild.lock.json"), good.Replace("sha512-" + hash, forged));

        var extracted = m.Cli("build", "-o", "out/", "./app");
        extracted.ExitCode.Should().Be(1);
        extracted.StdErr.Trim().Should().Be($"crossbuild: package B 1.0.0 in {m.Tree.Path("global/b/1.0.0")} does not match crossbuild.lock.json: " +
                                            $"its sha512 is sha512-{hash}, the lock file has {forged}; refusing it");

        Directory.Delete(m.Tree.Path("global"), recursive: true);
        var fetched = m.Cli("build", "-o", "out/", "./app");
        fetched.ExitCode.Should().Be(1);
        fetched.StdErr.Trim().Should().Be($"crossbuild: package B 1.0.0 from {m.Tree.Path("feed")} does not match crossbuild.lock.json: " +
                                          $"its sha512 is sha512-{hash}, the lock file has {forged}; refusing it");
        Directory.Exists(m.Tree.Path("global/b")).Should().BeFalse("nothing unverified reaches the global packages folder");
    }

    [Fact]
    public void BuildsRunOfflineOnceThePackagesAreExtracted()
    {
        using var m = Module();
        m.BuildAndRun();
        // The feed is gone and the only source is unreachable: the lock file and the global folder are enough.
        Directory.Delete(m.Tree.Path("feed"), recursive: true);
        UnreachableSource(m);
        m.BuildAndRun("-a").Should().Be("A");
    }

    [Fact]
    public void AnUnreachableSourceWithNoCachedCopyIsAClearError()
    {
        using var m = Module();
        m.BuildAndRun();
        Directory.Delete(m.Tree.Path("global"), recursive: true);
        UnreachableSource(m);
        var build = m.Cli("build", "-o", "out/", "./app");
        build.ExitCode.Should().Be(1);
        build.StdErr.Trim().Should().StartWith("crossbuild: package A 1.0.0 not found; sources tried: http://127.0.0.1:9/v3/index.json (")
            .And.NotContain("\n");
        Directory.Exists(m.Tree.Path("global/a")).Should().BeFalse();
    }

    private static void UnreachableSource(PackageModule m) => m.Tree.File("nuget.config", """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="down" value="http://127.0.0.1:9/v3/index.json" />
          </packageSources>
        </configuration>
        """);
}
