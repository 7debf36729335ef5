using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Release;

/// <summary>
/// Releases of libraries alone, and what a manifest may put into a release: nothing from outside the module.
/// </summary>
public class ReleaseInputTests
{
    private static TempTree Module(string release = "")
    {
        var tree = new TempTree();
        tree.File("secret.txt", "not for release");
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\"" + release + "}");
        tree.File("m/lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hi\"; }");
        tree.File("m/cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi);");
        tree.File("m/LICENSE", "MIT\n");
        return tree;
    }

    private static ProcessRunner.Result Release(TempTree tree, params string[] args) =>
        CliRunner.Run(tree.Path("m"), new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path("cache") }, ["release", .. args]);

    [Fact]
    public void AReleaseOfLibrariesAloneWritesItsPackagesChecksumsAndIndex()
    {
        using var tree = Module();
        var r = Release(tree, "./lib/...", "--version", "1.0.0", "-o", "dist/");
        r.ExitCode.Should().Be(0, r.StdErr);
        Directory.GetFiles(tree.Path("m/dist")).Select(Path.GetFileName).Should().BeEquivalentTo(
            ["Acme.lib.text.1.0.0.nupkg", "Acme.lib.text.1.0.0.snupkg", "SHA256SUMS", "release.json"]);
        File.ReadAllText(tree.Path("m/dist/SHA256SUMS")).Should().Contain("Acme.lib.text.1.0.0.nupkg");
    }

    [Theory]
    [InlineData("../secret.txt", "leaves the module")]
    [InlineData("/etc/hostname", "is an absolute path; name a file inside the module")]
    [InlineData("lib/../../secret.txt", "leaves the module")]
    public void ReleaseFilesMustBeInsideTheModule(string file, string problem)
    {
        using var tree = Module($", \"release\": {{ \"files\": [\"{file}\"] }}");
        var r = Release(tree, "./...", "--version", "1.0.0", "-o", "dist/");
        r.ExitCode.Should().Be(1);
        r.StdErr.Trim().Should().Be($"crossbuild.json:1:20: release.files: {file} {problem}");
        Directory.Exists(tree.Path("m/dist")).Should().BeFalse("nothing is written for a bad manifest");
    }

    [Fact]
    public void AReadmeOutsideTheModuleIsRefusedToo()
    {
        using var tree = Module(", \"release\": { \"readme\": \"../secret.txt\" }");
        Release(tree, "./...", "--version", "1.0.0", "-o", "dist/").StdErr.Trim()
            .Should().Be("crossbuild.json:1:20: release.readme: ../secret.txt leaves the module");
    }

    [Fact]
    public void ASymlinkThatPointsOutsideTheModuleIsRefused()
    {
        using var tree = Module(", \"release\": { \"files\": [\"LICENSE\", \"notes.txt\"] }");
        File.CreateSymbolicLink(tree.Path("m/notes.txt"), tree.Path("secret.txt"));
        var r = Release(tree, "./...", "--version", "1.0.0", "-o", "dist/");
        r.ExitCode.Should().Be(1);
        r.StdErr.Trim().Should().Be($"crossbuild: crossbuild.json: release.files: notes.txt is a symlink to {tree.Path("secret.txt")}, outside the module");
    }
}
