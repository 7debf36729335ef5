using System.Text.RegularExpressions;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// <c>--aot</c>: one native executable through ilc and the platform linker, compared with
/// <c>dotnet publish -p:PublishAot=true</c> on the same sources, cached, with clear errors for what a host lacks.
/// </summary>
public class AotTests
{
    private static TempTree Module()
    {
        var tree = new TempTree().Module("Acme");
        tree.File("lib/core/core.cs", """
            namespace Acme.Core;
            public static class Core
            {
                public static string Name() => "core";
                // Code the AOT compiler cannot make ahead of time: IL3050 where it is called.
                [System.Diagnostics.CodeAnalysis.RequiresDynamicCode("makes generic types at run time")]
                public static string Dynamic(Type t) => typeof(List<>).MakeGenericType(t).Name;
            }
            """);
        tree.File("cmd/app/main.cs", """
            using Acme.Core;
            Console.WriteLine(Core.Name() + " " + string.Join(",", args));
            if (args.Length > 5) Console.WriteLine(Core.Dynamic(typeof(int)));
            Console.WriteLine(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported);
            return args.Length;
            """);
        return tree;
    }

    private static readonly Regex Warning = new(@"(?<file>[\w./]+\.cs)\((?<line>\d+)(?:,(?<col>\d+))?\): (?:AOT analysis |Trim analysis )?warning (?<code>IL\d+)", RegexOptions.Multiline);

    private static string[] Warnings(string output, string root) =>
        Warning.Matches(output.Replace(root.TrimEnd('/') + "/", "")).Select(m => $"{m.Groups["file"]}({m.Groups["line"]}) {m.Groups["code"]}").Distinct().Order().ToArray();

    [AotFact]
    public void AotIsOneNativeExecutableThatBehavesAndWeighsAsDotnetPublishs()
    {
        using var tree = Module();
        var ours = tree.Path("dist") + "/";
        var build = CliRunner.Run(tree.Root, "build", "-c", "Release", "--aot", "-r", "linux-x64", "-o", ours, "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        using var mirror = new TempTree();
        var (sdk, log) = DotnetBuildMirror.PublishLogged(tree.Root, "cmd/app", "Release", mirror.Root, "linux-x64", "-p:PublishAot=true");
        ours = Path.Combine(ours, "linux-x64");

        // dotnet publish also copies the libraries' PDBs, of assemblies the executable no longer has (docs/targets.md).
        Directory.GetFiles(sdk).Select(Path.GetFileName).Where(f => !f!.EndsWith(".pdb", StringComparison.Ordinal)).Should().BeEquivalentTo("app", "app.dbg");
        Directory.GetFiles(ours).Select(Path.GetFileName).Should().BeEquivalentTo("app", "app.dbg");
        double mine = new FileInfo(Path.Combine(ours, "app")).Length, theirs = new FileInfo(Path.Combine(sdk, "app")).Length;
        (Math.Abs(mine - theirs) / theirs).Should().BeLessThan(0.10, $"{mine} bytes against the SDK's {theirs}");
        File.ReadAllBytes(Path.Combine(ours, "app")).Take(4).Should().Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' });

        // ilc's warnings, where it reports them (the SDK's compile-time AOT analyzer, which Crossbuild does not run,
        // adds its own at the call's column).
        var sdkWarnings = string.Join("\n", log.Split('\n').Where(l => l.Contains("AOT analysis warning", StringComparison.Ordinal) || l.Contains("Trim analysis warning", StringComparison.Ordinal)));
        Warnings(build.StdOut + build.StdErr, tree.Root).Should().Equal(Warnings(sdkWarnings, mirror.Root)).And.Contain(w => w.EndsWith(" IL3050", StringComparison.Ordinal));

        foreach (var args in new[] { Array.Empty<string>(), ["a", "b"] })
        {
            var run = ProcessRunner.Run(Path.Combine(ours, "app"), ours, args);
            var expected = ProcessRunner.Run(Path.Combine(sdk, "app"), sdk, args);
            run.StdOut.Should().Be(expected.StdOut);
            run.ExitCode.Should().Be(expected.ExitCode).And.Be(args.Length);
        }
        ProcessRunner.Run(Path.Combine(ours, "app"), ours, "x").StdOut.Should().Be("core x\nFalse\n", "no JIT: dynamic code is off");
    }

    // What -x says it compiled natively: "aot <dir> for <rid>".
    private static string[] Compiled(ProcessRunner.Result result) =>
        Regex.Matches(result.StdOut + result.StdErr, @"^aot (\S+) for (\S+)$", RegexOptions.Multiline).Select(m => $"{m.Groups[1]} {m.Groups[2]}").ToArray();

    [AotFact]
    public void ANoOpAotBuildDoesNoWorkAndAnEditRecompilesOnlyTheAppsThatContainIt()
    {
        using var tree = Module();
        tree.File("cmd/other/main.cs", "System.Console.WriteLine(\"other\");");
        var env = new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path(".cache") };
        string[] Build() =>
            CliRunner.Run(tree.Root, env, ["build", "-x", "--aot", "-r", "linux-x64", "-o", "dist/", "./cmd/..."]) is var r && r.ExitCode == 0
                ? Compiled(r) : throw new Xunit.Sdk.XunitException(r.StdErr);

        Build().Should().BeEquivalentTo("cmd/app linux-x64", "cmd/other linux-x64");
        var before = File.ReadAllBytes(tree.Path("dist/linux-x64/app"));
        Build().Should().BeEmpty("nothing changed");
        tree.File("lib/core/core.cs", File.ReadAllText(tree.Path("lib/core/core.cs")).Replace("\"core\"", "\"CORE\""));
        Build().Should().BeEquivalentTo("cmd/app linux-x64");
        ProcessRunner.Run(tree.Path("dist/linux-x64/app"), tree.Root).StdOut.Should().StartWith("CORE ");
        ProcessRunner.Run(tree.Path("dist/linux-x64/other"), tree.Root).StdOut.Should().Be("other\n");

        // The same inputs link the same bytes: a release is reproducible.
        tree.File("lib/core/core.cs", File.ReadAllText(tree.Path("lib/core/core.cs")).Replace("\"CORE\"", "\"core\""));
        CliRunner.Run(tree.Root, env, "build", "--aot", "-a", "-r", "linux-x64", "-o", "dist/", "./cmd/app").ExitCode.Should().Be(0);
        File.ReadAllBytes(tree.Path("dist/linux-x64/app")).Should().Equal(before);
    }

    [AotFact]
    public void ReleaseLegsOfEachOutputMergeIntoOneRelease()
    {
        using var tree = Module();
        foreach (var (flags, leg) in new[] { (Array.Empty<string>(), "il"), (["--aot"], "aot"), (["--self-contained", "--trim"], "trim") })
        {
            var release = CliRunner.Run(tree.Root, ["release", "--sbom", "--version", "1.2.3", "-r", "linux-x64", .. flags, "-o", $"legs/{leg}/"]);
            release.ExitCode.Should().Be(0, release.StdErr);
        }
        var merge = CliRunner.Run(tree.Root, "release", "--merge", "legs/il", "legs/aot", "legs/trim", "-o", "merged/");
        merge.ExitCode.Should().Be(0, merge.StdErr);
        var names = Directory.GetFiles(tree.Path("merged")).Select(Path.GetFileName).ToArray();
        names.Should().Contain(["app_1.2.3_linux-x64.tar.gz", "app_1.2.3_linux-x64_aot.tar.gz", "app_1.2.3_linux-x64_self-contained+trim.tar.gz",
            "app_1.2.3_linux-x64_aot.tar.gz.cdx.json"]);
        ProcessRunner.Run("sha256sum", tree.Path("merged"), "-c", "SHA256SUMS").ExitCode.Should().Be(0);

        string[] Entries(string archive)
        {
            using var tar = new System.Formats.Tar.TarReader(new System.IO.Compression.GZipStream(File.OpenRead(tree.Path("merged/" + archive)), System.IO.Compression.CompressionMode.Decompress));
            var list = new List<string>();
            while (tar.GetNextEntry() is { } entry) list.Add(entry.Name);
            return list.ToArray();
        }
        Entries("app_1.2.3_linux-x64_aot.tar.gz").Should().BeEquivalentTo("app", "app.dbg");
        Entries("app_1.2.3_linux-x64_self-contained+trim.tar.gz").Should().Contain(["app", "app.dll", "libcoreclr.so", "System.Private.CoreLib.dll"])
            .And.NotContain("System.Xml.dll", "trimmed away");
        var sbom = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(tree.Path("merged/app_1.2.3_linux-x64_aot.tar.gz.cdx.json")))!;
        sbom["components"]!.AsArray().Select(c => (string?)c!["purl"]).Should().Contain("pkg:nuget/Microsoft.NETCore.App.Runtime.NativeAOT.linux-x64@10.0.12");

        // The same sources release the same bytes.
        CliRunner.Run(tree.Root, "release", "--version", "1.2.3", "-r", "linux-x64", "--aot", "-o", "again/").ExitCode.Should().Be(0);
        File.ReadAllBytes(tree.Path("again/app_1.2.3_linux-x64_aot.tar.gz")).Should().Equal(File.ReadAllBytes(tree.Path("legs/aot/app_1.2.3_linux-x64_aot.tar.gz")));
    }

    [AotFact]
    public void RunStartsTheNativeExecutable()
    {
        using var tree = Module();
        var run = CliRunner.Run(tree.Root, "run", "--aot", "./cmd/app", "--", "a", "b");
        run.StdOut.Should().Be("core a,b\nFalse\n", run.StdErr);
        run.ExitCode.Should().Be(2);
    }

    [AotCrossFact]
    public void AnotherArchitectureLinksWithTheCrossToolchain()
    {
        using var tree = Module();
        var build = CliRunner.Run(tree.Root, "build", "--aot", "-r", "linux-arm64", "-o", "dist/", "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        var exe = File.ReadAllBytes(tree.Path("dist/linux-arm64/app"));
        exe.Take(4).Should().Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' });
        BitConverter.ToUInt16(exe, 18).Should().Be(183, "e_machine is EM_AARCH64");
        // The qemu root has no arm64 ICU: the app runs with invariant globalization.
        var run = ProcessRunner.Run("/usr/bin/qemu-aarch64", tree.Root, new Dictionary<string, string> { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1" },
            ["-L", "/usr/aarch64-linux-gnu", tree.Path("dist/linux-arm64/app"), "a"]);
        run.StdOut.Should().Be("core a\nFalse\n");
        run.ExitCode.Should().Be(1);
    }

    [AotHostTheory]
    [InlineData("osx-arm64", "crossbuild: --aot for osx-arm64 needs a macOS host, whose platform linker it links with; build it on a runner of that OS (crossbuild plan --github puts each runtime on one)")]
    [InlineData("win-x64", "crossbuild: --aot for win-x64 needs a Windows host, whose platform linker it links with; build it on a runner of that OS (crossbuild plan --github puts each runtime on one)")]
    [InlineData("linux-musl-x64", "crossbuild: --aot for linux-musl-x64 on this linux-x64 host needs a musl sysroot (an Alpine root with build-base, clang and lld): set CROSSBUILD_SYSROOT_LINUX_MUSL_X64 to it, or build on a runner of that runtime")]
    public void ARuntimeTheHostCannotLinkIsOneClearError(string rid, string expected)
    {
        using var tree = Module();
        var run = CliRunner.Run(tree.Root, "build", "--aot", "-r", rid, "-o", "dist/", "./cmd/app");
        run.ExitCode.Should().Be(1);
        run.StdErr.Trim().Should().Be(expected);
        Directory.Exists(tree.Path("dist")).Should().BeFalse("nothing is half-written");
    }

    [LinuxFact]
    public void AMissingLinkerNamesWhatToInstall()
    {
        using var tree = Module();
        // A PATH with dotnet but no clang.
        var bin = tree.Path("bin");
        Directory.CreateDirectory(bin);
        var env = new Dictionary<string, string> { ["PATH"] = bin };
        var run = CliRunner.Run(tree.Root, env, "build", "--aot", "-r", "linux-x64", "-o", "dist/", "./cmd/app");
        run.ExitCode.Should().Be(1, run.StdErr);
        run.StdErr.Trim().Should().Be("crossbuild: --aot for linux-x64 needs clang, which is not on PATH: apt-get install clang lld");
    }

    [Theory]
    [InlineData("--aot")]
    [InlineData("--self-contained --trim")]
    public void TestsDoNotTakeNativeOutputs(string flags)
    {
        using var tree = Module();
        var run = CliRunner.Run(tree.Root, ["test", .. flags.Split(' '), "./..."]);
        run.ExitCode.Should().Be(2);
        run.StdErr.Trim().Should().Be($"crossbuild: test: {flags.Split(' ')[^1]} does not apply to tests, which run on the JIT as dotnet test runs them; build the app with it and run it");
    }
}
