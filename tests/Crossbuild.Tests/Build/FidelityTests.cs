using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// What crossbuild compiles behaves exactly like what <c>dotnet build</c> produces from the same sources and
/// settings: same output and exit code, byte-identical runtimeconfig.json, deps.json and launcher.
/// </summary>
public class FidelityTests
{
    private static string Samples => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples"));

    [Theory]
    [InlineData("Debug")]
    [InlineData("Release")]
    public void FeaturesSampleBehavesLikeDotnetBuild(string configuration)
    {
        using var tmp = new TempTree();
        var (ours, sdk) = BuildBoth(Path.Combine(Samples, "features"), "cmd/features", configuration, tmp);

        var expected = ProcessRunner.Run("dotnet", sdk, Path.Combine(sdk, "features.dll"));
        var actual = ProcessRunner.Run("dotnet", ours, Path.Combine(ours, "features.dll"));
        expected.ExitCode.Should().Be(3, expected.StdErr);
        actual.ExitCode.Should().Be(expected.ExitCode, actual.StdErr);
        actual.StdOut.Should().Be(expected.StdOut);
        actual.StdOut.Should().Contain($"configuration: {configuration}").And.Contain("regex: alpha|beta|gamma").And.Contain("json: {\"X\":3,\"Y\":4}");

        var launched = ProcessRunner.Run(Path.Combine(ours, "features"), ours);
        launched.StdOut.Should().Be(expected.StdOut);
        SameBytes(ours, sdk, "features.runtimeconfig.json", "features.deps.json", "features");
    }

    [Fact]
    public void DiamondSampleRunsThroughDotnetAndTheLauncher()
    {
        using var tmp = new TempTree();
        var (ours, sdk) = BuildBoth(Path.Combine(Samples, "diamond"), "cmd/app", "Debug", tmp);

        var viaDotnet = ProcessRunner.Run("dotnet", ours, Path.Combine(ours, "app.dll"), "a", "b");
        var viaLauncher = ProcessRunner.Run(Path.Combine(ours, "app"), ours, "a", "b");
        const string expected = "left <core>\nright <core>\nargs: a b\n";
        viaDotnet.StdOut.Should().Be(expected);
        viaDotnet.ExitCode.Should().Be(2);
        viaLauncher.StdOut.Should().Be(expected);
        viaLauncher.ExitCode.Should().Be(2);
        Directory.GetFiles(ours, "*.dll").Select(Path.GetFileName).Should()
            .BeEquivalentTo("app.dll", "Diamond.lib.core.dll", "Diamond.lib.left.dll", "Diamond.lib.right.dll");
        SameBytes(ours, sdk, "app.runtimeconfig.json", "app.deps.json", "app");
    }

    private static (string Ours, string Sdk) BuildBoth(string module, string exeDir, string configuration, TempTree tmp)
    {
        var ours = tmp.Path("crossbuild") + "/";
        var build = CliRunner.Run(module, "build", "-c", configuration, "-o", ours, "./" + exeDir);
        build.ExitCode.Should().Be(0, build.StdErr);
        var sdk = DotnetBuildMirror.Build(module, exeDir, configuration, tmp.Path("sdk"));
        return (ours.TrimEnd('/'), sdk);
    }

    private static void SameBytes(string ours, string sdk, params string[] files)
    {
        foreach (var f in files)
            File.ReadAllBytes(Path.Combine(ours, f)).Should().Equal(File.ReadAllBytes(Path.Combine(sdk, f)), f);
    }
}
