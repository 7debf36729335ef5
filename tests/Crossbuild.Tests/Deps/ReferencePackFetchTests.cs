using Crossbuild.Targets;
using Crossbuild.Tests.Support;
using Crossbuild.Work.Compile;

namespace Crossbuild.Tests.Deps;

/// <summary>
/// A framework whose reference pack the SDK lacks (net8.0 here, with only .NET 10 installed) gets it from NuGet in
/// the version the SDK's bundled versions name. The feed is a local folder with stand-in packs the test builds.
/// </summary>
public class ReferencePackFetchTests
{
    // The versions the installed SDK's Microsoft.NETCoreSdk.BundledVersions.props names (8.0.31 for SDK 10.0.401).
    private static readonly string Net8Ref = Crossbuild.Env.BundledVersions.TargetingPack(TargetFramework.Parse("net8.0"))!;
    private static readonly string Net8Runtime = Crossbuild.Env.BundledVersions.Runtime(TargetFramework.Parse("net8.0"))!;

    private static TempTree Net8Module(out Dictionary<string, string> env)
    {
        var tree = new TempTree().Module("Old", ", \"framework\": \"net8.0\"");
        tree.File("main.cs", "System.Console.WriteLine(\"hi\");");
        env = LocalFeed.AddTo(tree);
        return tree;
    }

    [Fact]
    public void AMissingReferencePackNamesThePackageVersionAndSources()
    {
        using var tree = Net8Module(out var env);
        var build = ProcessRunner.Run("dotnet", tree.Root, env, CliRunner.CliDll, "build");
        build.ExitCode.Should().Be(1);
        build.StdErr.Trim().Should().Be($"crossbuild: .: no reference assemblies for net8.0: package Microsoft.NETCore.App.Ref {Net8Ref} not found; sources tried: {tree.Path("feed")}");
        Directory.GetFiles(tree.Root).Select(Path.GetFileName).Should().BeEquivalentTo("crossbuild.json", "main.cs", "nuget.config");
    }

    [Fact]
    public void AnOlderFrameworkCompilesAgainstAFetchedReferencePack()
    {
        using var tree = Net8Module(out var env);
        // Stand-ins: .NET 10's reference assemblies and launcher, packaged under the net8.0 names and versions.
        var ref10 = Path.Combine(Packs.Find(Packs.ReferencePackName, TargetFramework.Default), "ref", "net10.0");
        LocalFeed.Pack(tree, "Microsoft.NETCore.App.Ref", Net8Ref,
            Directory.GetFiles(ref10, "*.dll").Select(f => (f, "ref/net8.0/" + Path.GetFileName(f))));
        var host = Path.Combine(Packs.Find("Microsoft.NETCore.App.Host.linux-x64", TargetFramework.Default), "runtimes", "linux-x64", "native", "apphost");
        LocalFeed.Pack(tree, "Microsoft.NETCore.App.Host.linux-x64", Net8Runtime, [(host, "runtimes/linux-x64/native/apphost")]);

        var build = ProcessRunner.Run("dotnet", tree.Root, env, CliRunner.CliDll, "build", "-o", "out/");
        build.ExitCode.Should().Be(0, build.StdErr);
        File.ReadAllText(tree.Path("out/Old.runtimeconfig.json")).Should().Contain("\"tfm\": \"net8.0\"").And.Contain("\"version\": \"8.0.0\"");
        var image = File.ReadAllBytes(tree.Path("out/Old.dll"));
        image.AsSpan().IndexOf(".NETCoreApp,Version=v8.0"u8).Should().BePositive();
        Directory.Exists(tree.Path($"global/microsoft.netcore.app.ref/{Net8Ref}/ref/net8.0")).Should().BeTrue();
    }
}
