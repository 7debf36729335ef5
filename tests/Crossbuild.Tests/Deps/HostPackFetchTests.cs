using Crossbuild.Targets;
using Crossbuild.Tests.Support;
using Crossbuild.Work.Compile;

namespace Crossbuild.Tests.Deps;

/// <summary>
/// Launchers for RIDs whose host pack the SDK lacks come from NuGet, through nuget.config, into the global packages
/// folder. The feed here is a local folder with a package the test builds; nothing touches the network.
/// </summary>
public class HostPackFetchTests
{
    private static string PackVersion => Packs.VersionOf(Packs.Find(Packs.ReferencePackName, TargetFramework.Default));

    private static TempTree ModuleWithFeed(out Dictionary<string, string> env)
    {
        var tree = new TempTree().Module("Acme");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(\"hi\");");
        env = LocalFeed.AddTo(tree);
        LocalFeed.PackMuslHost(tree);
        return tree;
    }

    [Fact]
    public void AMissingHostPackIsFetchedIntoTheGlobalPackagesFolder()
    {
        using var tree = ModuleWithFeed(out var env);
        var build = ProcessRunner.Run("dotnet", tree.Root, env, CliRunner.CliDll, "build", "-r", "linux-musl-x64", "-o", "out/", "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        var launcher = File.ReadAllBytes(tree.Path("out/linux-musl-x64/app"));
        launcher[..4].Should().Equal(0x7F, (byte)'E', (byte)'L', (byte)'F');
        var extracted = tree.Path($"global/microsoft.netcore.app.host.linux-musl-x64/{PackVersion}");
        File.Exists(Path.Combine(extracted, "runtimes/linux-musl-x64/native/apphost")).Should().BeTrue();
        File.Exists(Path.Combine(extracted, $"microsoft.netcore.app.host.linux-musl-x64.{PackVersion}.nupkg.sha512")).Should().BeTrue();
        File.ReadAllText(tree.Path("out/linux-musl-x64/app.deps.json")).Should().Contain("\".NETCoreApp,Version=v10.0/linux-musl-x64\"");
    }

    [Fact]
    public void SeveralRuntimesShareOneCompilePerEffectiveConfiguration()
    {
        using var tree = ModuleWithFeed(out var env);
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hi from text\"; }");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi);");
        tree.File("cmd/app/os_linux.cs", "static class Os { public const string Name = \"linux\"; }");
        var build = ProcessRunner.Run("dotnet", tree.Root, env, CliRunner.CliDll, "build", "-v", "-r", "linux-x64,linux-musl-x64", "-o", "out/", "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        // Neither package has anything specific to x64 or musl: one compile each serves both runtimes.
        build.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("lib/text", "cmd/app");
        foreach (var rid in new[] { "linux-x64", "linux-musl-x64" })
        {
            File.ReadAllBytes(tree.Path($"out/{rid}/app.dll")).Should().Equal(File.ReadAllBytes(tree.Path("out/linux-x64/app.dll")));
            var info = ProcessRunner.Run("dotnet", tree.Root, env, CliRunner.CliDll, "version", "-m", $"out/{rid}/app");
            info.StdOut.Should().Contain($"\tbuild\t-runtime={rid}\n");
        }
        ProcessRunner.Run(tree.Path("out/linux-x64/app"), tree.Root).StdOut.Should().Be("hi from text\n");
    }

    [Fact]
    public void ASelfContainedAppCarriesTheRuntimePackItsListNames()
    {
        using var tree = ModuleWithFeed(out var env);
        var rid = "linux-musl-x64";
        var staging = tree.Path("staging");
        Directory.CreateDirectory(staging);
        File.WriteAllText(Path.Combine(staging, "RuntimeList.xml"), $$"""
            <FileList TargetFrameworkIdentifier=".NETCoreApp" TargetFrameworkVersion="10.0" FrameworkName="Microsoft.NETCore.App" Name=".NET Runtime">
              <File Type="Managed" Path="runtimes/{{rid}}/lib/net10.0/System.Fake.dll" AssemblyName="System.Fake" AssemblyVersion="10.0.0.0" FileVersion="10.0.1.2" />
              <File Type="Native" Path="runtimes/{{rid}}/native/libfake.so" FileVersion="0.0.0.0" />
            </FileList>
            """);
        File.WriteAllText(Path.Combine(staging, "System.Fake.dll"), "managed");
        File.WriteAllText(Path.Combine(staging, "libfake.so"), "native");
        LocalFeed.Pack(tree, $"Microsoft.NETCore.App.Runtime.{rid}", PackVersion,
        [
            (Path.Combine(staging, "RuntimeList.xml"), "data/RuntimeList.xml"),
            (Path.Combine(staging, "System.Fake.dll"), $"runtimes/{rid}/lib/net10.0/System.Fake.dll"),
            (Path.Combine(staging, "libfake.so"), $"runtimes/{rid}/native/libfake.so"),
        ]);

        var build = ProcessRunner.Run("dotnet", tree.Root, env, CliRunner.CliDll, "build", "--self-contained", "-r", rid, "-o", "out/", "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        var dir = tree.Path($"out/{rid}");
        File.ReadAllText(Path.Combine(dir, "System.Fake.dll")).Should().Be("managed");
        File.ReadAllText(Path.Combine(dir, "libfake.so")).Should().Be("native");
        File.ReadAllText(Path.Combine(dir, "app.runtimeconfig.json")).Should().Contain("\"includedFrameworks\": [")
            .And.Contain($"\"version\": \"{PackVersion}\"").And.NotContain("\"framework\":");
        var deps = File.ReadAllText(Path.Combine(dir, "app.deps.json"));
        deps.Should().Contain($"\"runtimepack.Microsoft.NETCore.App.Runtime.{rid}\": \"{PackVersion}\"")
            .And.Contain("\"System.Fake.dll\": {\n            \"assemblyVersion\": \"10.0.0.0\",\n            \"fileVersion\": \"10.0.1.2\"")
            .And.Contain("\"libfake.so\": {\n            \"fileVersion\": \"0.0.0.0\"")
            .And.Contain($"\"type\": \"runtimepack\"")
            .And.Contain($"\"{rid}\": [\n      \"linux-musl\",\n      \"linux-x64\",");

        // Back to framework-dependent: the runtime files this build no longer produces leave the folder.
        var fd = ProcessRunner.Run("dotnet", tree.Root, env, CliRunner.CliDll, "build", "-r", rid, "-o", "out/", "./cmd/app");
        fd.ExitCode.Should().Be(0, fd.StdErr);
        Directory.GetFiles(dir).Select(Path.GetFileName).Should().BeEquivalentTo(
            ["app", "app.dll", "app.pdb", "app.deps.json", "app.runtimeconfig.json"]);
        File.ReadAllText(Path.Combine(dir, "app.runtimeconfig.json")).Should().Contain("\"framework\":");
    }

    [Fact]
    public void AHostPackNoSourceHasIsAnErrorThatNamesTheSourcesTried()
    {
        using var tree = ModuleWithFeed(out var env);
        var build = ProcessRunner.Run("dotnet", tree.Root, env, CliRunner.CliDll, "build", "-r", "linux-arm64", "-o", "out/", "./cmd/app");
        build.ExitCode.Should().Be(1);
        build.StdErr.Trim().Should().Be(
            $"crossbuild: package Microsoft.NETCore.App.Host.linux-arm64 {PackVersion} not found; sources tried: {tree.Path("feed")}");
        Directory.Exists(tree.Path("global/microsoft.netcore.app.host.linux-arm64")).Should().BeFalse();
    }
}
