using System.Text;
using System.Text.RegularExpressions;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// <c>--trim</c>: illink over a self-contained app, compared with <c>dotnet publish -p:PublishTrimmed=true</c> on the
/// same sources (kept files, sizes, runtime files, warnings, behaviour), cached, with manifest roots.
/// </summary>
public class TrimTests
{
    private static TempTree Module()
    {
        var tree = new TempTree().Module("Acme");
        tree.File("lib/core/core.cs", """
            using System.Diagnostics.CodeAnalysis;
            using System.Reflection;
            namespace Acme.Core;
            public static class Core
            {
                public static string Name() => "core";
                public static string NeverCalled() => "gone";
                // What [DynamicallyAccessedMembers] asks for survives the trim although nothing calls it.
                public static string Methods([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type type) =>
                    string.Join(",", type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
            }
            public static class Shapes
            {
                public static int Square(int x) => x * x;
                public static int Cube(int x) => x * x * x;
            }
            """);
        tree.File("cmd/app/main.cs", """
            using Acme.Core;
            Console.WriteLine(Core.Name() + " " + Core.Methods(typeof(Shapes)));
            // Reflection the trimmer cannot see through: IL2057 at this line.
            Console.WriteLine(Type.GetType(args.Length > 0 ? args[0] : "System.Object")?.Name ?? "none");
            """);
        return tree;
    }

    private static readonly Regex Warning = new(@"(?<file>[\w./]+\.cs)\((?<line>\d+),(?<col>\d+)\): (?:Trim analysis )?warning (?<code>IL\d+)", RegexOptions.Multiline);

    private static string[] Warnings(string output, string root) =>
        Warning.Matches(output.Replace(root.TrimEnd('/') + "/", "")).Select(m => $"{m.Groups["file"]}({m.Groups["line"]},{m.Groups["col"]}) {m.Groups["code"]}").Distinct().Order().ToArray();

    // The same files kept, each within 2% (or 1 KiB) of the SDK's size and the whole within 2%, the same
    // runtimeconfig.json (with the trim's feature switches) and deps.json.
    private static void KeepsWhatTheSdkKeeps(string ours, string sdk)
    {
        Directory.GetFiles(ours).Select(Path.GetFileName).Should().BeEquivalentTo(Directory.GetFiles(sdk).Select(Path.GetFileName), "the same files are kept");
        Directory.GetFiles(sdk, "System.*.dll").Should().HaveCountLessThan(30, "the runtime was trimmed");
        foreach (var file in Directory.GetFiles(sdk).Where(f => f.EndsWith(".dll", StringComparison.Ordinal)))
        {
            var name = Path.GetFileName(file);
            double mine = new FileInfo(Path.Combine(ours, name)).Length, theirs = new FileInfo(file).Length;
            // Within 2%, or for a small file two 512-byte PE sections: dotnet publish -r compiles the executable for the
            // RID's architecture (PlatformTarget), Crossbuild AnyCPU, whose image has a relocation section (docs/targets.md).
            Math.Abs(mine - theirs).Should().BeLessThanOrEqualTo(Math.Max(0.02 * theirs, 1024), $"{name}: {mine} bytes against the SDK's {theirs}");
        }
        double total = Directory.GetFiles(ours).Sum(f => new FileInfo(f).Length), sdkTotal = Directory.GetFiles(sdk).Sum(f => new FileInfo(f).Length);
        (Math.Abs(total - sdkTotal) / sdkTotal).Should().BeLessThan(0.02);
        File.ReadAllText(Path.Combine(ours, "app.runtimeconfig.json")).Should().Be(File.ReadAllText(Path.Combine(sdk, "app.runtimeconfig.json")));
        // The SDK reads a native file's version from the file, and reads none from a Windows DLL on Linux: 0.0.0.0
        // where Crossbuild writes the runtime pack's (what the SDK writes on Windows; docs/targets.md).
        var ourDeps = File.ReadAllLines(Path.Combine(ours, "app.deps.json"));
        var sdkDeps = File.ReadAllLines(Path.Combine(sdk, "app.deps.json"));
        ourDeps.Should().HaveSameCount(sdkDeps);
        var windowsDlls = !OperatingSystem.IsWindows() && File.Exists(Path.Combine(sdk, "coreclr.dll"));
        for (var i = 0; i < sdkDeps.Length; i++)
            if (!(windowsDlls && sdkDeps[i].Trim() == "\"fileVersion\": \"0.0.0.0\"" && ourDeps[i].TrimStart().StartsWith("\"fileVersion\": ", StringComparison.Ordinal)))
                ourDeps[i].Should().Be(sdkDeps[i], $"app.deps.json line {i + 1}");
    }

    // A trimmed self-contained build of cmd/app for rid, ours (through the CLI) and dotnet publish's of the mirror.
    private static (string Ours, string Sdk, ProcessRunner.Result Build, string Log) TrimBoth(TempTree tree, TempTree mirror, string rid)
    {
        var ours = tree.Path("dist") + "/";
        var build = CliRunner.Run(tree.Root, "build", "-c", "Release", "--self-contained", "--trim", "-r", rid, "-o", ours, "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        var (sdk, log) = DotnetBuildMirror.PublishLogged(tree.Root, "cmd/app", "Release", mirror.Root, rid, "--self-contained", "true", "-p:PublishTrimmed=true");
        return (Path.Combine(ours, rid), sdk, build, log);
    }

    [Fact]
    public void TrimKeepsWhatDotnetPublishKeepsAndRunsTheSame()
    {
        using var tree = Module();
        using var mirror = new TempTree();
        var (ours, sdk, build, log) = TrimBoth(tree, mirror, "linux-x64");
        KeepsWhatTheSdkKeeps(ours, sdk);

        // illink's warnings ("Trim analysis warning"), at the places it reports them; the SDK's compile-time trim
        // analyzer, which Crossbuild does not run, adds its own at the call's column.
        var sdkTrimWarnings = string.Join("\n", log.Split('\n').Where(l => l.Contains("Trim analysis warning", StringComparison.Ordinal)));
        Warnings(build.StdOut + build.StdErr, tree.Root).Should().Equal(Warnings(sdkTrimWarnings, mirror.Root)).And.Contain("cmd/app/main.cs(4,1) IL2057");
        foreach (var args in new[] { Array.Empty<string>(), ["System.Console"] })
        {
            var run = ProcessRunner.Run(Path.Combine(ours, "app"), ours, args);
            var expected = ProcessRunner.Run(Path.Combine(sdk, "app"), sdk, args);
            run.StdOut.Should().Be(expected.StdOut);
            run.ExitCode.Should().Be(expected.ExitCode).And.Be(0);
        }
        ProcessRunner.Run(Path.Combine(ours, "app"), ours).StdOut.Should().Be("core Cube,Square\nObject\n");
    }

    [Fact]
    public void ATrimForWindowsKeepsWhatDotnetPublishKeepsWithWindowsFeatureSwitches()
    {
        using var tree = Module();
        using var mirror = new TempTree();
        var (ours, sdk, _, _) = TrimBoth(tree, mirror, "win-x64");
        KeepsWhatTheSdkKeeps(ours, sdk);
        File.ReadAllText(Path.Combine(ours, "app.runtimeconfig.json")).Should().NotContain("UseManagedNtlm", "managed NTLM is trimmed on Linux only");
    }

    [Fact]
    public void TrimmedAndPrecompiledIsWhatDotnetPublishMakesOfBoth()
    {
        using var tree = Module();
        var ours = tree.Path("dist") + "/";
        var build = CliRunner.Run(tree.Root, "build", "-c", "Release", "--self-contained", "--trim", "--readytorun", "-r", "linux-x64", "-o", ours, "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        using var mirror = new TempTree();
        var sdk = DotnetBuildMirror.Publish(tree.Root, "cmd/app", "Release", mirror.Root, "linux-x64", "--self-contained", "true",
            "-p:PublishTrimmed=true", "-p:PublishReadyToRun=true");
        ours = Path.Combine(ours, "linux-x64");

        Directory.GetFiles(ours).Select(Path.GetFileName).Should().BeEquivalentTo(Directory.GetFiles(sdk).Select(Path.GetFileName), "the same files are kept");
        var assemblies = Directory.GetFiles(sdk, "*.dll").Select(Path.GetFileName).ToArray();
        assemblies.Should().Contain(["app.dll", "Acme.lib.core.dll", "System.Private.CoreLib.dll"]);
        // illink drops the runtime pack's native code; both precompile every kept assembly again, the framework's too.
        foreach (var dll in assemblies)
        {
            var theirs = ReadyToRunHeader.Read(Path.Combine(sdk, dll!));
            theirs.Should().NotBeNull($"the SDK precompiled {dll}");
            var mine = ReadyToRunHeader.Read(Path.Combine(ours, dll!));
            mine.Should().NotBeNull($"{dll} is precompiled");
            // As for --readytorun alone: the executable's IL is AnyCPU here, for the RID's architecture there (docs/targets.md).
            const uint platformNeutral = 0x1;
            var mask = dll == "app.dll" ? ~platformNeutral : ~0u;
            (mine!.Machine, mine.Major, mine.Minor, mine.Flags & mask).Should().Be((theirs!.Machine, theirs.Major, theirs.Minor, theirs.Flags & mask), dll);
            mine.Sections.Should().Equal(theirs.Sections, dll);
            double a = new FileInfo(Path.Combine(ours, dll!)).Length, b = new FileInfo(Path.Combine(sdk, dll!)).Length;
            Math.Abs(a - b).Should().BeLessThanOrEqualTo(Math.Max(0.02 * b, 1024), $"{dll}: {a} bytes against the SDK's {b}");
        }
        foreach (var args in new[] { Array.Empty<string>(), ["System.Console"] })
        {
            var run = ProcessRunner.Run(Path.Combine(ours, "app"), ours, args);
            var expected = ProcessRunner.Run(Path.Combine(sdk, "app"), sdk, args);
            run.StdOut.Should().Be(expected.StdOut);
            run.ExitCode.Should().Be(expected.ExitCode).And.Be(0);
        }
        ProcessRunner.Run(Path.Combine(ours, "app"), ours).StdOut.Should().Be("core Cube,Square\nObject\n");
    }

    [Theory]
    [InlineData("")]
    [InlineData("--readytorun")]
    public void ATrimmedSingleFileBundlesWhatDotnetPublishBundles(string extra)
    {
        using var tree = Module();
        var ours = tree.Path("dist") + "/";
        string[] flags = ["--self-contained", "--single-file", "--trim", .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        var build = CliRunner.Run(tree.Root, ["build", "-c", "Release", .. flags, "-r", "linux-x64", "-o", ours, "./cmd/app"]);
        build.ExitCode.Should().Be(0, build.StdErr);
        using var mirror = new TempTree();
        var sdk = DotnetBuildMirror.Publish(tree.Root, "cmd/app", "Release", mirror.Root, "linux-x64", "--self-contained", "true",
            "-p:PublishSingleFile=true", "-p:PublishTrimmed=true", $"-p:PublishReadyToRun={extra.Length > 0}");
        ours = Path.Combine(ours, "linux-x64");

        Directory.GetFiles(ours).Select(Path.GetFileName).Should().BeEquivalentTo(Directory.GetFiles(sdk).Select(Path.GetFileName));
        var mine = FidelityTests.Manifest(Path.Combine(ours, "app"));
        var theirs = FidelityTests.Manifest(Path.Combine(sdk, "app"));
        mine.Select(e => (e.Name, e.Type)).Should().BeEquivalentTo(theirs.Select(e => (e.Name, e.Type)), "the bundle holds what the trim kept");
        theirs.Should().Contain(e => e.Name == "System.Private.CoreLib.dll").And.HaveCountLessThan(40, "the runtime was trimmed");
        foreach (var json in new[] { "app.runtimeconfig.json", "app.deps.json" })
            Encoding.UTF8.GetString(mine.Single(e => e.Name == json).Content).Should().Be(Encoding.UTF8.GetString(theirs.Single(e => e.Name == json).Content), json);
        foreach (var (name, _, content) in theirs.Where(e => e.Name.EndsWith(".dll", StringComparison.Ordinal)))
        {
            double a = mine.Single(e => e.Name == name).Content.Length, b = content.Length;
            Math.Abs(a - b).Should().BeLessThanOrEqualTo(Math.Max(0.02 * b, 1024), $"{name}: {a} bytes against the SDK's {b}");
        }
        if (extra.Length > 0)
        {
            // One composite image of the kept assemblies, as the SDK makes for a single file; each assembly is a component of it.
            mine.Should().Contain(e => e.Name == "app.r2r.dll");
            ReadyToRunHeader.ComponentsMatch(mine, theirs);
        }
        double size = new FileInfo(Path.Combine(ours, "app")).Length, sdkSize = new FileInfo(Path.Combine(sdk, "app")).Length;
        (Math.Abs(size - sdkSize) / sdkSize).Should().BeLessThan(0.02, $"{size} bytes against the SDK's {sdkSize}");
        var run = ProcessRunner.Run(Path.Combine(ours, "app"), ours, "System.Console");
        run.StdOut.Should().Be(ProcessRunner.Run(Path.Combine(sdk, "app"), sdk, "System.Console").StdOut).And.Be("core Cube,Square\nnone\n");
    }

    // What -x says it trimmed: "trim <dir> for <rid>".
    private static string[] Trimmed(ProcessRunner.Result result) =>
        Regex.Matches(result.StdOut + result.StdErr, @"^trim (\S+) for (\S+)$", RegexOptions.Multiline).Select(m => $"{m.Groups[1]} {m.Groups[2]}").ToArray();

    [Fact]
    public void ANoOpTrimsNothingAnEditTrimsOnlyTheAppsThatContainItAndRootsStayWhole()
    {
        using var tree = Module();
        tree.File("cmd/other/main.cs", "System.Console.WriteLine(\"other\");");
        var env = new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path(".cache") };
        string[] Build() =>
            CliRunner.Run(tree.Root, env, ["build", "-x", "--self-contained", "--trim", "-r", "linux-x64,linux-arm64", "-o", "dist/", "./cmd/..."]) is var r && r.ExitCode == 0
                ? Trimmed(r) : throw new Xunit.Sdk.XunitException(r.StdErr);

        Build().Should().BeEquivalentTo("cmd/app linux-x64", "cmd/app linux-arm64", "cmd/other linux-x64", "cmd/other linux-arm64");
        Build().Should().BeEmpty("nothing changed");
        tree.File("lib/core/core.cs", File.ReadAllText(tree.Path("lib/core/core.cs")).Replace("\"core\"", "\"CORE\""));
        Build().Should().BeEquivalentTo("cmd/app linux-x64", "cmd/app linux-arm64");
        ProcessRunner.Run(tree.Path("dist/linux-x64/app"), tree.Root).StdOut.Should().StartWith("CORE ");
        Members(tree.Path("dist/linux-x64/Acme.lib.core.dll")).Should().NotContain("NeverCalled");

        // trimmerRoots keeps the library whole.
        tree.File("cmd/app/crossbuild.json", """{ "trimmerRoots": ["Acme.lib.core"] }""");
        Build().Should().BeEquivalentTo("cmd/app linux-x64", "cmd/app linux-arm64");
        Members(tree.Path("dist/linux-x64/Acme.lib.core.dll")).Should().Contain("NeverCalled");

        tree.File("cmd/app/crossbuild.json", """{ "trimmerRoots": ["Acme.Missing"] }""");
        var bad = CliRunner.Run(tree.Root, env, "build", "--self-contained", "--trim", "-r", "linux-x64", "-o", "dist/", "./cmd/app");
        bad.ExitCode.Should().Be(1);
        bad.StdErr.Trim().Should().Be("crossbuild: cmd/app: trimmerRoots names Acme.Missing, which is not an assembly the app carries");
    }

    // The method names an assembly defines.
    private static string[] Members(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return md.MethodDefinitions.Select(h => md.GetString(md.GetMethodDefinition(h).Name)).ToArray();
    }
}
