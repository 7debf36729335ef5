using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Deps;

/// <summary><c>crossbuild get</c> edits crossbuild.json and the lock file; packages feed the compile cache key.</summary>
public class GetCommandTests
{
    private static TestPackage C(string version) =>
        new TestPackage("C", version).Lib("net8.0", $"namespace C; public static class Info {{ public static string Version => \"{version}\"; }}");

    private static PackageModule Module() =>
        new PackageModule("", "System.Console.WriteLine(C.Info.Version);").With(C("1.0.0"), C("1.1.0"), C("2.0.0-beta"));

    [Fact]
    public void GetAddsAPackageAtAVersionThenUpdatesItToTheLatestStable()
    {
        using var m = Module();
        m.Tree.File("crossbuild.json", "{\n  \"module\": \"App\",\n  \"nullable\": \"enable\"\n}\n");
        var add = m.Cli("get", "C@1.0.0");
        add.ExitCode.Should().Be(0, add.StdErr);
        add.StdErr.Trim().Should().Be("crossbuild: added C 1.0.0 (resolved 1.0.0)");
        File.ReadAllText(m.Tree.Path("crossbuild.json")).Should().Be(
            "{\n  \"module\": \"App\",\n  \"nullable\": \"enable\",\n  \"packages\": {\n    \"C\": \"1.0.0\"\n  }\n}\n");
        m.Lock.Should().Contain("\"C\": \"[1.0.0, )\"");
        m.BuildAndRun().Should().Be("1.0.0");

        var update = m.Cli("get", "c");
        update.ExitCode.Should().Be(0, update.StdErr);
        update.StdErr.Trim().Should().Be("crossbuild: C 1.0.0 -> 1.1.0 (resolved 1.1.0)");
        m.Cli("get", "C@1.1.0").StdErr.Trim().Should().Be("crossbuild: C 1.1.0 unchanged (resolved 1.1.0)");
        File.ReadAllText(m.Tree.Path("crossbuild.json")).Should().Contain("\"C\": \"1.1.0\"");
        // The package is part of the compile's key: the app compiles again against the new version.
        var build = m.Cli("build", "-v", "-o", "out/", "./app");
        build.StdErr.Trim().Should().Be("app");
        ProcessRunner.Run(m.Tree.Path("out/app"), m.Tree.Root).StdOut.Trim().Should().Be("1.1.0");
    }

    [Fact]
    public void AFailedGetLeavesTheManifestAndLockFileAsTheyWere()
    {
        using var m = Module();
        m.Cli("get", "C@1.0.0").ExitCode.Should().Be(0);
        var manifest = File.ReadAllText(m.Tree.Path("crossbuild.json"));
        var lockFile = m.Lock;
        var missing = m.Cli("get", "C@[3.0.0]");
        missing.ExitCode.Should().Be(1);
        missing.StdErr.Trim().Should().Be($"crossbuild: package C (= 3.0.0) not found: available versions: 1.0.0, 1.1.0, 2.0.0-beta; sources tried: {m.Tree.Path("feed")}");
        File.ReadAllText(m.Tree.Path("crossbuild.json")).Should().Be(manifest);
        m.Lock.Should().Be(lockFile);
        m.Cli("get", "not a package").StdErr.Trim().Should().Be("crossbuild: \"not a package\" is not a valid NuGet package ID");
        m.Cli("get", "Nope").StdErr.Trim().Should().Be($"crossbuild: package Nope not found; sources tried: {m.Tree.Path("feed")}");
        File.ReadAllText(m.Tree.Path("crossbuild.json")).Should().Be(manifest);
    }
}
