using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>crossbuild.json's <c>matrix</c>: cells, excludes, folders and errors; and a matrix build through the CLI.</summary>
public class MatrixTests
{
    private static ModuleManifest Manifest(string matrix, TempTree tree)
    {
        tree.File("crossbuild.json", $"{{\n  \"module\": \"Acme\",\n  \"matrix\": {matrix}\n}}");
        return Module.Find(tree.Root).Manifest;
    }

    [Fact]
    public void CellsAreTheProductMinusExcludesAndFoldersNameWhatVaries()
    {
        using var tree = new TempTree();
        var m = Manifest("""
            { "runtimes": ["linux-x64", "win-x64"], "configurations": ["Debug", "release"], "tags": [[], ["fancy"]],
              "exclude": [{ "runtime": "win-x64", "tags": ["fancy"] }, { "configuration": "Debug", "tags": ["fancy"] }] }
            """, tree).Matrix!;
        m.Cells().Select(m.FolderOf).Should().Equal(
            "linux-x64-Debug-notags", "linux-x64-Release-notags", "linux-x64-Release-fancy", "win-x64-Debug-notags", "win-x64-Release-notags");
        var single = Manifest("""{ "runtimes": ["linux-x64", "osx-arm64"] }""", tree).Matrix!;
        single.Cells().Select(single.FolderOf).Should().Equal("linux-x64", "osx-arm64");
        single.Cells().Should().OnlyContain(c => c.Configuration == "Release");
    }

    [Theory]
    [InlineData("""{ "runtimes": ["linux-x64"], "exclude": [{ "runtime": "linux-x64" }] }""", "crossbuild.json:3:3: matrix: \"exclude\" removes every cell")]
    [InlineData("""{ "runtimes": ["linux-x64"], "rids": [] }""", "crossbuild.json:3:3: matrix: unknown field \"rids\"; expected runtimes, configurations, tags, frameworks, outputs, runners or exclude")]
    [InlineData("""{ "runtimes": ["mars-x64"] }""", "crossbuild.json:3:3: matrix: unknown runtime identifier \"mars-x64\"")]
    [InlineData("""{ "runtimes": [] }""", "crossbuild.json:3:3: matrix: \"runtimes\" must name at least one runtime identifier")]
    public void BadMatricesAreErrorsAtTheField(string matrix, string expected)
    {
        using var tree = new TempTree();
        var act = () =>
        {
            var manifest = Manifest(matrix, tree);
            return manifest.Matrix!.Cells();
        };
        act.Should().Throw<CrossbuildException>().Which.Message.Should().StartWith(expected);
    }

    [Fact]
    public void AMatrixBuildWritesOneFolderPerCell()
    {
        using var tree = new TempTree();
        tree.File("crossbuild.json", """
            { "module": "Acme",
              "matrix": { "runtimes": ["linux-x64"], "configurations": ["Debug", "Release"], "tags": [[], ["fancy"]],
                          "exclude": [{ "configuration": "Debug", "tags": ["fancy"] }] } }
            """);
        tree.File("cmd/app/main.cs", """
            #if FANCY
            System.Console.Write("fancy ");
            #endif
            System.Console.WriteLine(typeof(Program).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
                .Cast<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration);
            """);
        var build = CliRunner.Run(tree.Root, "build", "--matrix", "-o", "dist/", "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        Directory.GetDirectories(tree.Path("dist")).Select(Path.GetFileName).Should()
            .BeEquivalentTo("linux-x64-Debug-notags", "linux-x64-Release-notags", "linux-x64-Release-fancy");
        ProcessRunner.Run(tree.Path("dist/linux-x64-Debug-notags/app"), tree.Root).StdOut.Should().Be("Debug\n");
        ProcessRunner.Run(tree.Path("dist/linux-x64-Release-notags/app"), tree.Root).StdOut.Should().Be("Release\n");
        ProcessRunner.Run(tree.Path("dist/linux-x64-Release-fancy/app"), tree.Root).StdOut.Should().Be("fancy Release\n");

        var both = CliRunner.Run(tree.Root, "build", "--matrix", "-r", "linux-x64", "./cmd/app");
        both.ExitCode.Should().Be(1);
        both.StdErr.Trim().Should().Be("crossbuild: --matrix builds the runtimes crossbuild.json lists; drop -r");
    }
}
