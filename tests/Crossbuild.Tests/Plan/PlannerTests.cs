using Crossbuild.Load;
using Crossbuild.Plan;
using Crossbuild.Targets;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Plan;

/// <summary>The planner through <see cref="Builder.Plan"/>, in process: no CLI and no compile.</summary>
public class PlannerTests
{
    // lib/text is the same everywhere; cmd/app has a Windows-only file and reads LINUX.
    private static TempTree Module(string manifestExtra = "")
    {
        var tree = new TempTree().Module("Acme", manifestExtra);
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hi\"; }");
        tree.File("cmd/app/main.cs", "#if LINUX\nSystem.Console.WriteLine(\"linux\");\n#endif\nSystem.Console.WriteLine(Acme.Text.T.Hi);");
        tree.File("cmd/app/gui_windows.cs", "static class Gui { }");
        return tree;
    }

    private static CrossbuildSettings Settings(TempTree tree) =>
        new CrossbuildSettings().SetWorkingDirectory(tree.Root).SetPackages("./...").SetCacheDirectory(tree.Path("cache"));

    private static CompileAction Compile(ActionGraph graph, int target, string dir) =>
        graph.Targets[target].Compiles.Single(c => c.Package.Dir == dir);

    [Fact]
    public void TargetsShareACompileExactlyWhenItsFilesAndTheSymbolsThatMatterAreTheSame()
    {
        using var tree = Module();
        var graph = Builder.Plan(Settings(tree).SetRuntimes("linux-x64", "linux-musl-x64", "win-x64", "osx-arm64"));
        graph.Targets.Select(t => t.Target.Runtime.Value).Should().Equal("linux-x64", "linux-musl-x64", "win-x64", "osx-arm64");
        var lib = Enumerable.Range(0, 4).Select(t => Compile(graph, t, "lib/text")).Distinct().Should().ContainSingle().Subject;
        lib.Symbols.Should().NotContain(["LINUX", "WINDOWS", "OSX", "X64", "ARM64"], "the library reads no symbol, so it is given only the SDK's");
        lib.Symbols.Should().Equal(lib.Target.SdkSymbols);
        // The app reads LINUX: both Linux targets share one compile (musl is not read), Windows has its own file.
        Compile(graph, 0, "cmd/app").Should().BeSameAs(Compile(graph, 1, "cmd/app"));
        Compile(graph, 0, "cmd/app").Symbols.Should().Contain("LINUX").And.NotContain("MUSL");
        Compile(graph, 2, "cmd/app").Should().NotBeSameAs(Compile(graph, 0, "cmd/app")).And.NotBeSameAs(Compile(graph, 3, "cmd/app"));
        Compile(graph, 3, "cmd/app").Symbols.Should().NotContain("LINUX");
        graph.Compiles.Should().HaveCount(4, "one library and three apps");
    }

    [Fact]
    public void AMatrixHasOneTargetPerCellAndSharesCompilesAcrossRuntimesOnly()
    {
        using var tree = Module("""
            , "matrix": { "runtimes": ["linux-x64", "linux-arm64"], "configurations": ["Debug", "Release"] }
            """);
        var graph = Builder.Plan(Settings(tree).SetMatrix().SetOutputDirectory(tree.Path("out")));
        graph.Targets.Select(t => t.Target.ToString()).Should().Equal(
            "net10.0/linux-x64/Debug", "net10.0/linux-x64/Release", "net10.0/linux-arm64/Debug", "net10.0/linux-arm64/Release");
        graph.Compiles.Where(c => c.Package.Dir == "lib/text").Select(c => c.Target.Configuration).Should().BeEquivalentTo(["Debug", "Release"]);
        graph.Installs.Select(i => Path.GetRelativePath(tree.Root, i.Directory)).Should().BeEquivalentTo(
            ["out/linux-x64-Debug", "out/linux-x64-Release", "out/linux-arm64-Debug", "out/linux-arm64-Release"]);
        graph.Installs.Should().OnlyContain(i => i.App.RidSpecific);
    }

    [Fact]
    public void WithoutRuntimesOutputsAreNotRidSpecificAndGoWhereGoPutsThem()
    {
        using var tree = Module();
        var host = Builder.Plan(Settings(tree).SetPackages("./cmd/app")).Installs.Should().ContainSingle().Subject;
        host.Directory.Should().Be(tree.Root);
        host.AppHostName.Should().Be("app" + RidCatalog.Host.ExecutableSuffix);
        host.App.RidSpecific.Should().BeFalse();

        var rid = Builder.Plan(Settings(tree).SetPackages("./cmd/app").SetRuntimes("linux-x64")).Installs.Should().ContainSingle().Subject;
        rid.Directory.Should().Be(tree.Path("linux-x64"));
        rid.App.RidSpecific.Should().BeTrue();

        var release = Builder.Plan(Settings(tree).SetPackages("./cmd/app").SetOutputDirectory(tree.Path("dist")), TargetNeeds.RidSpecific)
            .Installs.Should().ContainSingle().Subject;
        release.Directory.Should().Be(tree.Path("dist/" + RidCatalog.Host.Value), "a release names the host's runtime too");
        release.App.RidSpecific.Should().BeTrue();
    }

    [Fact]
    public void AWindowsTargetsLauncherEndsInExeAlsoWithoutAnOutputFolder()
    {
        using var tree = Module();
        var load = Builder.Load(Settings(tree).SetPackages("./cmd/app")).Targets[0];
        var windowsHost = new ResolvedTarget(load.Target.SetRuntime(RidCatalog.Resolve("win-x64")), RidSpecific: false, Folder: null);
        OutputLayout.Decide(load.Matched, null, tree.Root, windowsHost).Should().ContainSingle()
            .Which.Should().Match<AppDestination>(d => d.AppHostName == "app.exe" && d.Directory == tree.Root);
        OutputLayout.Decide(load.Matched, "out/", tree.Root, windowsHost).Single().AppHostName.Should().Be("app.exe");
        OutputLayout.Decide(load.Matched, "bin/tool", tree.Root, windowsHost).Single().AppHostName.Should().Be("tool",
            "a file named by -o is written under exactly that name, as go build -o does");
        var linux = windowsHost with { Target = load.Target.SetRuntime(RidCatalog.Resolve("linux-x64")) };
        OutputLayout.Decide(load.Matched, null, tree.Root, linux).Single().AppHostName.Should().Be("app");
    }

    [Fact]
    public void TheKeyOfEveryCompileIsKnownWithoutTheNetworkAndCoversItsReferencePack()
    {
        using var tree = Module();
        var compile = Compile(Builder.Plan(Settings(tree)), 0, "lib/text");
        compile.ReferencePack.Should().MatchRegex(@"^10\.0\.\d+");
        compile.Identity.Should().Contain("refpack " + compile.ReferencePack).And.Contain("symbols " + string.Join(' ', compile.Symbols));
    }
}
