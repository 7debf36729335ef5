using System.Reflection.Metadata;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Cli;

/// <summary><c>crossbuild build</c> and <c>run</c> through the real command, as users run them.</summary>
public class BuildCliTests
{
    private static TempTree Module()
    {
        var tree = new TempTree().Module("Acme");
        tree.File("cmd/hello/main.cs", """
            using System.Reflection;
            using Acme.Text;
            Console.WriteLine(Words.Shout("hello"));
            var stamp = typeof(Words).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>();
            var entry = Assembly.GetEntryAssembly()!.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Version");
            Console.WriteLine($"version={entry?.Value ?? "none"}");
            return args.Length;
            """);
        tree.File("cmd/tool/main.cs", "System.Console.WriteLine(\"tool\");");
        tree.File("lib/text/words.cs", "namespace Acme.Text; public static class Words { public static string Shout(string s) => s.ToUpperInvariant() + \"!\"; }");
        return tree;
    }

    [Fact]
    public void OneExecutableIsWrittenToTheCurrentDirectoryAndRuns()
    {
        using var tree = Module();
        var build = CliRunner.Run(tree.Path("cmd/hello"), "build", "-X", "Version=1.2.3");
        build.ExitCode.Should().Be(0, build.StdErr);
        var dir = tree.Path("cmd/hello");
        Directory.GetFiles(dir).Select(Path.GetFileName).Should().BeEquivalentTo(
            "main.cs", "hello", "hello.dll", "hello.pdb", "hello.runtimeconfig.json", "hello.deps.json", "Acme.lib.text.dll", "Acme.lib.text.pdb");
        var run = ProcessRunner.Run(Path.Combine(dir, "hello"), dir, "x");
        run.StdOut.Should().Be("HELLO!\nversion=1.2.3\n");
        run.ExitCode.Should().Be(1);

        var info = CliRunner.Run(dir, "version", "-m", "hello");
        info.ExitCode.Should().Be(0, info.StdErr);
        info.StdOut.Should().StartWith("hello: crossbuild ").And.Contain("\tpath\tcmd/hello\n").And.Contain("\tmod\tAcme\n")
            .And.Contain("\tbuild\t-configuration=Debug\n").And.Contain("\tvalue\tVersion=1.2.3");
    }

    [Fact]
    public void SeveralPackagesWithoutOutputAreCheckedButNotWritten()
    {
        using var tree = Module();
        var before = Directory.GetFiles(tree.Root, "*", SearchOption.AllDirectories);
        var build = CliRunner.Run(tree.Root, "build", "-v", "./...");
        build.ExitCode.Should().Be(0, build.StdErr);
        build.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo("lib/text", "cmd/hello", "cmd/tool");
        build.StdErr.IndexOf("lib/text", StringComparison.Ordinal).Should().BeLessThan(build.StdErr.IndexOf("cmd/hello", StringComparison.Ordinal));
        Directory.GetFiles(tree.Root, "*", SearchOption.AllDirectories).Should().BeEquivalentTo(before);
    }

    [Fact]
    public void OutputDirectoryReceivesEveryExecutable()
    {
        using var tree = Module();
        var build = CliRunner.Run(tree.Root, "build", "-o", "out/", "./...");
        build.ExitCode.Should().Be(0, build.StdErr);
        ProcessRunner.Run(tree.Path("out/hello"), tree.Root).StdOut.Should().StartWith("HELLO!");
        ProcessRunner.Run(tree.Path("out/tool"), tree.Root).StdOut.Should().Be("tool\n");
        File.Exists(tree.Path("out/Acme.lib.text.dll")).Should().BeTrue();
    }

    [Fact]
    public void CompileErrorsUseTheCanonicalFormatAndLeaveEarlierOutputsUntouched()
    {
        using var tree = Module();
        CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/hello").ExitCode.Should().Be(0);
        var dll = tree.Path("out/hello.dll");
        var bytes = File.ReadAllBytes(dll);
        var stamp = File.GetLastWriteTimeUtc(dll);

        tree.File("lib/text/broken.cs", "namespace Acme.Text;\nstatic class Broken\n{\n    static int M() => missing;\n}\n");
        var build = CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/hello");
        build.ExitCode.Should().Be(1);
        build.StdErr.Should().Contain("lib/text/broken.cs(4,23): error CS0103: The name 'missing' does not exist in the current context");
        build.StdErr.Should().NotContain("   at ");
        File.ReadAllBytes(dll).Should().Equal(bytes);
        File.GetLastWriteTimeUtc(dll).Should().Be(stamp);
        Directory.GetFiles(tree.Path("out"), "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public void RunPassesArgumentsAndTheExitCodeThrough()
    {
        using var tree = Module();
        var run = CliRunner.Run(tree.Root, "run", "./cmd/hello", "--", "a", "b", "-v");
        run.StdOut.Should().Be("HELLO!\nversion=none\n");
        run.ExitCode.Should().Be(3, run.StdErr);
        var lib = CliRunner.Run(tree.Root, "run", "./lib/text");
        lib.ExitCode.Should().Be(1);
        lib.StdErr.Trim().Should().Be("crossbuild: run: ./lib/text is not an executable package");
    }

    [Fact]
    public void TrimPathRecordsModuleRelativeSourcePathsAndBuildsAreDeterministic()
    {
        using var tree = Module();
        CliRunner.Run(tree.Root, "build", "--trimpath", "-o", "a/", "./cmd/hello").ExitCode.Should().Be(0);
        CliRunner.Run(tree.Root, "build", "--trimpath", "-o", "b/", "./cmd/hello").ExitCode.Should().Be(0);
        File.ReadAllBytes(tree.Path("a/Acme.lib.text.dll")).Should().Equal(File.ReadAllBytes(tree.Path("b/Acme.lib.text.dll")));

        using var pdb = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(tree.Path("a/Acme.lib.text.pdb")));
        var md = pdb.GetMetadataReader();
        var documents = md.Documents.Select(h => md.GetString(md.GetDocument(h).Name)).ToArray();
        documents.Should().Contain("/_/lib/text/words.cs");
        documents.Should().NotContain(d => d.Contains(tree.Root));
    }

    [Fact]
    public void DryRunPrintsTheStepsAndWritesNothing()
    {
        using var tree = Module();
        var plan = CliRunner.Run(tree.Root, "build", "-n", "-o", "out/", "./cmd/hello");
        plan.ExitCode.Should().Be(0, plan.StdErr);
        plan.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0] + " " + l.Split(' ')[1])
            .Should().Equal("compile lib/text", "compile cmd/hello", "link cmd/hello", "install cmd/hello", "prune " + tree.Path("out"));
        Directory.Exists(tree.Path("out")).Should().BeFalse();
    }

    [Fact]
    public void ADirectoryWhereTheExecutableMustGoIsAnError()
    {
        using var tree = Module();
        Directory.CreateDirectory(tree.Path("cmd/hello/hello"));
        var build = CliRunner.Run(tree.Path("cmd/hello"), "build");
        build.ExitCode.Should().Be(1);
        build.StdErr.Trim().Should().Be("crossbuild: build output \"hello\" already exists and is a directory");
        File.Exists(tree.Path("cmd/hello/hello.dll")).Should().BeFalse();
    }

    [Fact]
    public void TwoExecutablesWithTheSameNameCannotShareAnOutputDirectory()
    {
        using var tree = Module();
        tree.File("tools/hello/main.cs", "System.Console.WriteLine(\"other\");");
        var build = CliRunner.Run(tree.Root, "build", "-o", "out/", "./...");
        build.ExitCode.Should().Be(1);
        build.StdErr.Should().Contain("duplicate package name \"hello\"").And.Contain("cmd/hello").And.Contain("tools/hello");
        Directory.Exists(tree.Path("out")).Should().BeFalse();

        Directory.Delete(tree.Path("tools"), recursive: true);
        var file = CliRunner.Run(tree.Root, "build", "-o", "single", "./cmd/...");
        file.ExitCode.Should().Be(1);
        file.StdErr.Trim().Should().Be("crossbuild: -o single: cannot write multiple packages to non-directory single");
    }
}
