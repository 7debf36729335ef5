using System.Text.RegularExpressions;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// <c>--readytorun</c>: each assembly precompiled with crossgen2 for each runtime, compared with
/// <c>dotnet publish -p:PublishReadyToRun=true</c>, cached per (assembly, runtime), and usable in a matrix cell.
/// </summary>
public class ReadyToRunTests
{
    private static string Samples => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples"));

    private static readonly string[] SixRuntimes = ["linux-x64", "linux-arm64", "linux-musl-x64", "osx-x64", "osx-arm64", "win-x64"];

    [Theory]
    [InlineData("linux-x64")]
    [InlineData("win-x64")]
    public void ReadyToRunHasTheHeadersAndLayoutOfDotnetPublish(string rid)
    {
        using var tmp = new TempTree();
        var module = Path.Combine(Samples, "diamond");
        var ours = tmp.Path("crossbuild");
        var build = CliRunner.Run(module, "build", "-c", "Release", "--readytorun", "-r", rid, "-o", ours + "/", "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        var sdk = DotnetBuildMirror.Publish(module, "cmd/app", "Release", tmp.Path("sdk"), rid, "--self-contained", "false", "-p:PublishReadyToRun=true");
        ours = Path.Combine(ours, rid);

        Directory.GetFiles(ours).Select(Path.GetFileName).Should().BeEquivalentTo(Directory.GetFiles(sdk).Select(Path.GetFileName));
        var assemblies = Directory.GetFiles(sdk, "*.dll").Select(Path.GetFileName).ToArray();
        assemblies.Should().HaveCount(4);
        foreach (var dll in assemblies)
        {
            var theirs = ReadyToRunHeader.Read(Path.Combine(sdk, dll!));
            theirs.Should().NotBeNull($"the SDK precompiled {dll}");
            var mine = ReadyToRunHeader.Read(Path.Combine(ours, dll!));
            mine.Should().NotBeNull($"{dll} is precompiled");
            mine!.Machine.Should().Be(theirs!.Machine, dll);
            // The one known difference: dotnet publish -r compiles the executable's IL for the RID's architecture
            // (PlatformTarget), Crossbuild compiles it AnyCPU once for every runtime (docs/targets.md), which
            // crossgen2 records as READYTORUN_FLAG_PLATFORM_NEUTRAL_SOURCE.
            const uint platformNeutral = 0x1;
            var mask = dll == "app.dll" ? ~platformNeutral : ~0u;
            (mine.Major, mine.Minor, mine.Flags & mask).Should().Be((theirs.Major, theirs.Minor, theirs.Flags & mask), dll);
            mine.Sections.Should().Equal(theirs.Sections, dll);
        }
        foreach (var json in new[] { "app.deps.json", "app.runtimeconfig.json" })
            File.ReadAllBytes(Path.Combine(ours, json)).Should().Equal(File.ReadAllBytes(Path.Combine(sdk, json)), json);
        if (rid != "linux-x64") return;
        var run = ProcessRunner.Run(Path.Combine(ours, "app"), ours, "x");
        var expected = ProcessRunner.Run(Path.Combine(sdk, "app"), sdk, "x");
        run.StdOut.Should().Be(expected.StdOut).And.Be("left <core>\nright <core>\nargs: x\n");
        run.ExitCode.Should().Be(expected.ExitCode).And.Be(1);
    }

    [Fact]
    public void ASelfContainedSingleFileIsOneCompositeImageAsDotnetPublishMakesIt()
    {
        using var tmp = new TempTree();
        var module = Path.Combine(Samples, "diamond");
        var ours = tmp.Path("crossbuild");
        var build = CliRunner.Run(module, "build", "-c", "Release", "--self-contained", "--single-file", "--readytorun", "-r", "linux-x64", "-o", ours + "/", "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        var sdk = DotnetBuildMirror.Publish(module, "cmd/app", "Release", tmp.Path("sdk"), "linux-x64", "--self-contained", "true",
            "-p:PublishSingleFile=true", "-p:PublishReadyToRun=true");
        ours = Path.Combine(ours, "linux-x64");

        Directory.GetFiles(ours).Select(Path.GetFileName).Should().BeEquivalentTo(Directory.GetFiles(sdk).Select(Path.GetFileName));
        var mine = FidelityTests.Manifest(Path.Combine(ours, "app"));
        var theirs = FidelityTests.Manifest(Path.Combine(sdk, "app"));
        mine.Select(e => (e.Name, e.Type)).Should().BeEquivalentTo(theirs.Select(e => (e.Name, e.Type)));
        theirs.Should().Contain(e => e.Name == "app.r2r.dll", "the SDK makes one composite image of the app and its runtime");
        foreach (var json in new[] { "app.runtimeconfig.json", "app.deps.json" })
            mine.Single(e => e.Name == json).Content.Should().Equal(theirs.Single(e => e.Name == json).Content, json);
        ReadyToRunHeader.ComponentsMatch(mine, theirs);
        double a = mine.Single(e => e.Name == "app.r2r.dll").Content.Length, b = theirs.Single(e => e.Name == "app.r2r.dll").Content.Length;
        (Math.Abs(a - b) / b).Should().BeLessThan(0.02, $"the composite: {a} bytes against the SDK's {b}");
        var run = ProcessRunner.Run(Path.Combine(ours, "app"), ours, "x");
        run.StdOut.Should().Be(ProcessRunner.Run(Path.Combine(sdk, "app"), sdk, "x").StdOut).And.Be("left <core>\nright <core>\nargs: x\n");
        run.ExitCode.Should().Be(1);
    }

    // Crossgen2 is given the closure of an assembly's references, not the whole runtime pack: the images must be the
    // bytes crossgen2 makes with every reference, as the SDK passes them.
    [Theory]
    [InlineData("linux-x64")]
    [InlineData("win-x64")]
    public void TheReferenceClosureMakesTheImagesEveryReferenceMakes(string rid)
    {
        using var tmp = new TempTree();
        var module = Path.Combine(Samples, "diamond");
        var il = tmp.Path("il") + "/";
        var r2r = tmp.Path("r2r") + "/";
        CliRunner.Run(module, "build", "-c", "Release", "-r", rid, "-o", il, "./cmd/app").ExitCode.Should().Be(0);
        CliRunner.Run(module, "build", "-c", "Release", "--readytorun", "-r", rid, "-o", r2r, "./cmd/app").ExitCode.Should().Be(0);
        var framework = Crossbuild.Targets.TargetFramework.Default;
        var crossgen2 = Crossbuild.Work.Native.Crossgen2.Tool(framework, module);
        var pack = Crossbuild.Outputs.RuntimePack.Read(Crossbuild.Work.Compile.Packs.FindOrFetch($"Microsoft.NETCore.App.Runtime.{rid}", framework, module), rid);
        var runtime = pack.Files.Where(f => !f.Native && f.Path.EndsWith(".dll", StringComparison.Ordinal)).Select(f => f.Path).ToArray();
        var dlls = Directory.GetFiles(Path.Combine(il, rid), "*.dll");
        dlls.Should().HaveCount(4);
        foreach (var dll in dlls)
        {
            var output = tmp.Path("full/" + Path.GetFileName(dll));
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            var args = Crossbuild.Work.Native.Crossgen2.Arguments(Crossbuild.Targets.RuntimeId.Parse(rid), [.. runtime, .. dlls.Where(d => d != dll)], output, dll);
            ProcessRunner.Run(crossgen2, tmp.Root, [.. args]).ExitCode.Should().Be(0);
            File.ReadAllBytes(Path.Combine(r2r, rid, Path.GetFileName(dll))).Should().Equal(File.ReadAllBytes(output), Path.GetFileName(dll));
        }
    }

    private static TempTree TwoApps()
    {
        var tree = new TempTree().Module("Acme");
        tree.File("lib/core/core.cs", "namespace Acme.Core; public static class Core { public static string Name() => \"core\"; }");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(\"app \" + Acme.Core.Core.Name());");
        tree.File("cmd/other/main.cs", "System.Console.WriteLine(\"other\");");
        return tree;
    }

    // What -x says it precompiled: "readytorun <file> for <rid>".
    private static string[] Precompiled(ProcessRunner.Result result) =>
        Regex.Matches(result.StdOut + result.StdErr, @"^readytorun (\S+) for (\S+)$", RegexOptions.Multiline).Select(m => $"{m.Groups[1]} {m.Groups[2]}").ToArray();

    [Fact]
    public void SixRuntimesPrecompileEachAssemblyOncePerRuntimeAndANoOpDoesNothing()
    {
        using var tree = TwoApps();
        var env = new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path(".cache") };
        string[] Build(params string[] extra) =>
            CliRunner.Run(tree.Root, env, ["build", "-x", "--readytorun", "-r", string.Join(',', SixRuntimes), "-o", "dist/", .. extra, "./..."]) is var r && r.ExitCode == 0
                ? Precompiled(r) : throw new Xunit.Sdk.XunitException(r.StdErr);

        var first = Build();
        first.Should().BeEquivalentTo(SixRuntimes.SelectMany(rid => new[] { $"Acme.lib.core.dll {rid}", $"app.dll {rid}", $"other.dll {rid}" }),
            "the library is precompiled once per runtime although one app uses it");
        foreach (var rid in SixRuntimes)
            foreach (var dll in new[] { "app/Acme.lib.core.dll", "app/app.dll", "other/other.dll" })
            {
                var app = dll.Split('/');
                ReadyToRunHeader.Read(tree.Path($"dist/{rid}/{app[1]}")).Should().NotBeNull($"{rid}/{app[1]}");
            }
        ProcessRunner.Run(tree.Path("dist/linux-x64/app"), tree.Root).StdOut.Should().Be("app core\n");

        Build().Should().BeEmpty("nothing changed");

        // A body edit in the library: its image and those of the apps that contain it, never the others.
        tree.File("lib/core/core.cs", "namespace Acme.Core; public static class Core { public static string Name() => \"CORE\"; }");
        Build().Should().BeEquivalentTo(SixRuntimes.SelectMany(rid => new[] { $"Acme.lib.core.dll {rid}", $"app.dll {rid}" }));
        ProcessRunner.Run(tree.Path("dist/linux-x64/app"), tree.Root).StdOut.Should().Be("app CORE\n");
        ReadyToRunHeader.Read(tree.Path("dist/osx-arm64/Acme.lib.core.dll")).Should().NotBeNull();
    }

    [Fact]
    public void AMatrixCellAsksForReadyToRunAndBadCellsAreErrorsAtTheField()
    {
        using var tree = TwoApps();
        tree.File("crossbuild.json", """
            { "module": "Acme",
              "matrix": { "runtimes": ["linux-x64", "win-x64"], "outputs": [[], ["readytorun"], ["self-contained", "readytorun"]],
                          "exclude": [{ "runtime": "win-x64", "outputs": ["self-contained", "readytorun"] }] } }
            """);
        var build = CliRunner.Run(tree.Root, "build", "--matrix", "-o", "dist/", "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        Directory.GetDirectories(tree.Path("dist")).Select(Path.GetFileName).Should().BeEquivalentTo(
            "linux-x64-default", "linux-x64-readytorun", "linux-x64-self-contained+readytorun", "win-x64-default", "win-x64-readytorun");
        ReadyToRunHeader.Read(tree.Path("dist/linux-x64-default/app.dll")).Should().BeNull();
        ReadyToRunHeader.Read(tree.Path("dist/win-x64-readytorun/app.dll")).Should().NotBeNull();
        File.Exists(tree.Path("dist/linux-x64-self-contained+readytorun/libcoreclr.so")).Should().BeTrue();
        ProcessRunner.Run(tree.Path("dist/linux-x64-self-contained+readytorun/app"), tree.Root).StdOut.Should().Be("app core\n");

        foreach (var (outputs, message) in new[]
                 {
                     ("""[["trim"]]""", "matrix: outputs [\"trim\"]: trim needs self-contained"),
                     ("""[["aot", "single-file"]]""", "matrix: outputs [\"aot\", \"single-file\"]: aot and single-file do not combine: a Native AOT app is already one file"),
                     ("""[["fast"]]""", "matrix: unknown output \"fast\"; expected self-contained, single-file, readytorun, trim, aot"),
                 })
        {
            tree.File("crossbuild.json", $$"""
                { "module": "Acme",
                  "matrix": { "runtimes": ["linux-x64"], "outputs": {{outputs}} } }
                """);
            var bad = CliRunner.Run(tree.Root, "build", "--matrix", "./...");
            bad.ExitCode.Should().Be(1, outputs);
            bad.StdErr.Trim().Should().StartWith("crossbuild.json:2:").And.Contain(message).And.NotContain("\n");
        }

        // A cell fine alone can clash with the command's flags: the error names the cell.
        tree.File("crossbuild.json", """{ "module": "Acme", "matrix": { "runtimes": ["linux-x64"], "outputs": [[], ["aot"]] } }""");
        var clash = CliRunner.Run(tree.Root, "build", "--matrix", "--single-file", "./...");
        clash.ExitCode.Should().Be(1);
        clash.StdErr.Trim().Should().Be("crossbuild: matrix cell linux-x64-aot (aot with the flags' single-file): aot and single-file do not combine: a Native AOT app is already one file");
    }

    [Theory]
    [InlineData("--trim", "crossbuild: --trim needs --self-contained: a framework-dependent app runs on the shared framework, which cannot be trimmed")]
    [InlineData("--aot --single-file", "crossbuild: --aot and --single-file do not combine: a Native AOT app is already one file")]
    [InlineData("--aot --readytorun", "crossbuild: --aot and --readytorun do not combine: a Native AOT app has no IL to precompile")]
    public void FlagsThatDoNotCombineAreUsageErrors(string flags, string expected)
    {
        using var tree = TwoApps();
        var run = CliRunner.Run(tree.Root, ["build", .. flags.Split(' '), "./cmd/app"]);
        run.ExitCode.Should().Be(2);
        run.StdErr.Trim().Should().Be(expected);
        Directory.Exists(tree.Path("app")).Should().BeFalse();
    }
}
