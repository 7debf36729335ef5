using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Hosts;

/// <summary>
/// The Crossbuild.Cake addin on the real Cake runner: cake.tool 7.0.0 installed into a folder of the test run (from
/// the global packages folder, where restore put it for the addin's own build), the addin packed into a local feed
/// and loaded with <c>#addin nuget:</c>, as a user's <c>build.cake</c> does.
/// </summary>
public class CakeRunnerTests
{
    private const string CakeVersion = "7.0.0";

    private static string Repo => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    private static string Version => System.Xml.Linq.XDocument.Load(Path.Combine(Repo, "Directory.Build.props"))
        .Descendants("Version").First().Value;

    [RestoredPackageFact("cake.tool", CakeVersion)]
    public void AScriptBuildsThenSkipsAnUnchangedBuildThenBuildsAfterAnEditAndFailsOnACompileError()
    {
        using var tree = new TempTree();
        // Only the global packages folder and the feed: nothing is fetched from the network.
        tree.File("nuget.config", $"""
            <configuration><packageSources><clear />
              <add key="feed" value="{tree.Path("feed")}" />
              <add key="global" value="{RestoredPackage.GlobalFolder}" />
            </packageSources></configuration>
            """);
        var install = ProcessRunner.Run("dotnet", tree.Root, "tool", "install", "cake.tool", "--version", CakeVersion,
            "--tool-path", tree.Path("cake"), "--configfile", tree.Path("nuget.config"));
        install.ExitCode.Should().Be(0, install.StdOut + install.StdErr);
        foreach (var project in new[] { "src/Crossbuild.Adapters/Crossbuild.Adapters.csproj", "src/Crossbuild/Crossbuild.csproj", "src/Crossbuild.Cake/Crossbuild.Cake.csproj" })
        {
            var pack = ProcessRunner.Run("dotnet", Repo, "pack", project, "-c", "Release", "--no-build", "-o", tree.Path("feed"), "-nologo");
            pack.ExitCode.Should().Be(0, pack.StdOut + pack.StdErr);
        }

        var module = tree.Path("m");
        tree.File("m/crossbuild.json", "{ \"module\": \"Hi\" }");
        tree.File("m/cmd/hi/main.cs", "System.Console.WriteLine(\"hi\");\n");
        File.Copy(tree.Path("nuget.config"), tree.Path("m/nuget.config"));
        // Cake's tools folder in a dot folder, so that the addins it extracts are not packages of the module.
        tree.File("m/cake.config", "[Paths]\nTools=./.cake\n");
        var host = Crossbuild.Targets.RidCatalog.Host.Value;
        var exe = Crossbuild.Targets.RidCatalog.Host.ExecutableSuffix;
        // The team's remote cache, set through the same settings method as everywhere.
        using var remote = new FakeBazelCache();
        tree.File("m/build.cake", $$"""
            #addin nuget:?package=Crossbuild.Cake&version={{Version}}
            Func<CrossbuildSettings, CrossbuildSettings> hi = s => s.SetPackages("./...").SetRuntimes("{{host}}", "win-x64").SetOutput("dist/").SetRemoteCache("{{remote.Url}}");
            Task("Compile").WithCriteria(() => CrossbuildShouldRun(hi)).Does(() =>
            {
                foreach (var app in CrossbuildBuild(hi).Targets.SelectMany(t => t.Apps)) Information("built {0} {1}", app.Runtime, app.AppHostPath);
            });
            Task("Default").IsDependentOn("Compile");
            RunTarget("Default");
            """);
        var env = new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path("cache"), ["NO_COLOR"] = "1" };
        ProcessRunner.Result Cake() => ProcessRunner.Run(Path.Combine(tree.Path("cake"), OperatingSystem.IsWindows() ? "dotnet-cake.exe" : "dotnet-cake"),
            module, env, "build.cake", "--verbosity=normal");

        var first = Cake();
        first.ExitCode.Should().Be(0, first.StdOut + first.StdErr);
        // The runner reflects over every type of the addin's assemblies before the addin runs: none may need the engine's own NuGet or Roslyn.
        (first.StdOut + first.StdErr).Should().NotContain("Could not load").And.NotContain("is referencing an older version of Cake.Core");
        first.StdOut.Should().Contain("compile cmd/hi").And.Contain($"built {host} {Path.Combine(module, "dist", host, "hi" + exe)}")
            .And.NotContain("older version of Cake.Core");
        File.Exists(Path.Combine(module, "dist", "win-x64", "hi.exe")).Should().BeTrue();
        first.StdOut.Should().Contain($"remote cache {remote.Url}: 0 hits");
        remote.Store.Keys.Should().Contain(k => k.StartsWith("ac/", StringComparison.Ordinal));

        var second = Cake();
        second.ExitCode.Should().Be(0, second.StdOut + second.StdErr);
        second.StdOut.Should().Contain("inputs and settings unchanged since the last successful build; skipped").And.NotContain("compile cmd/hi");

        tree.File("m/cmd/hi/main.cs", "System.Console.WriteLine(\"hi again\");\n");
        var third = Cake();
        third.ExitCode.Should().Be(0, third.StdOut + third.StdErr);
        third.StdOut.Should().Contain("compile cmd/hi");
        ProcessRunner.Run(Path.Combine(module, "dist", host, "hi" + exe), module).StdOut.Should().Be("hi again\n");

        tree.File("m/cmd/hi/main.cs", "System.Console.WriteLine(nope);\n");
        var broken = Cake();
        broken.ExitCode.Should().NotBe(0);
        (broken.StdOut + broken.StdErr).Should().Contain("cmd/hi/main.cs(1,26): error CS0103: The name 'nope' does not exist in the current context");
    }
}
