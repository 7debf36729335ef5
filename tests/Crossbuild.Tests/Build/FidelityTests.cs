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

    [Fact]
    public void ASingleFileAppHasTheLayoutOfDotnetPublishSingleFile()
    {
        using var tmp = new TempTree();
        var module = Path.Combine(Samples, "diamond");
        var ours = tmp.Path("crossbuild");
        var build = CliRunner.Run(module, "build", "-c", "Release", "--single-file", "-r", "linux-x64", "-o", ours + "/", "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        var sdk = DotnetBuildMirror.Publish(module, "cmd/app", "Release", tmp.Path("sdk"), "linux-x64",
            "--self-contained", "false", "-p:PublishSingleFile=true");
        ours = Path.Combine(ours, "linux-x64");

        Directory.GetFiles(ours).Select(Path.GetFileName).Should().BeEquivalentTo(Directory.GetFiles(sdk).Select(Path.GetFileName));
        var mine = Manifest(Path.Combine(ours, "app"));
        var theirs = Manifest(Path.Combine(sdk, "app"));
        mine.Select(e => (e.Name, e.Type)).Should().Equal(theirs.Select(e => (e.Name, e.Type)));
        foreach (var json in new[] { "app.runtimeconfig.json", "app.deps.json" })
            mine.Single(e => e.Name == json).Content.Should().Equal(theirs.Single(e => e.Name == json).Content, json);
        var run = ProcessRunner.Run(Path.Combine(ours, "app"), ours, "x");
        run.StdOut.Should().Be(ProcessRunner.Run(Path.Combine(sdk, "app"), sdk, "x").StdOut).And.Be("left <core>\nright <core>\nargs: x\n");
    }

    // The entries of a single-file bundle, read from its manifest (format 6.0).
    internal static List<(string Name, byte Type, byte[] Content)> Manifest(string path)
    {
        var d = File.ReadAllBytes(path);
        var at = d.AsSpan().IndexOf(Convert.FromHexString("8b1202b96a612038727b930214d7a03213f5b9e6efae3318ee3b2dce24b36aae"));
        using var r = new BinaryReader(new MemoryStream(d) { Position = BitConverter.ToInt64(d, at - 8) });
        r.ReadUInt32().Should().Be(6);
        r.ReadUInt32();
        var count = r.ReadInt32();
        r.ReadString();
        r.ReadBytes(40);
        var entries = new List<(string, byte, byte[])>();
        for (var i = 0; i < count; i++)
        {
            var offset = r.ReadInt64();
            var size = r.ReadInt64();
            r.ReadInt64();
            var type = r.ReadByte();
            entries.Add((r.ReadString(), type, d[(int)offset..(int)(offset + size)]));
        }
        return entries;
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
