using Crossbuild.Tests.Support;
using NuGet.Packaging;

namespace Crossbuild.Tests.Release;

/// <summary>
/// <c>frameworks</c>: a library compiled once per framework, with that framework's symbols and constraints, packed as
/// one nupkg with a <c>lib/</c> folder and dependency group per framework, and restored by projects on two frameworks.
/// </summary>
public class MultiTargetTests
{
    private static TempTree Module()
    {
        var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Multi\", \"framework\": \"net10.0\", \"langVersion\": \"latest\"}");
        tree.File("m/lib/core/crossbuild.json", "{\"name\": \"Multi.Core\", \"frameworks\": [\"netstandard2.0\", \"net8.0\", \"net10.0\"]}");
        tree.File("m/lib/core/core.cs", """
            namespace Multi.Core;
            public static class Which
            {
            #if NET10_0_OR_GREATER
                public static string Framework => "net10.0 " + Extra.Value;
            #elif NET8_0_OR_GREATER
                public static string Framework => "net8.0 " + Extra.Value;
            #else
                public static string Framework => "netstandard2.0 " + Extra.Value;
            #endif
            }
            """);
        // A constraint per framework: each build compiles its own file.
        tree.File("m/lib/core/extra_new.cs", "//build: net8_0_or_greater\nnamespace Multi.Core;\ninternal static class Extra { public const string Value = \"new\"; }\n");
        tree.File("m/lib/core/extra_old.cs", "//build: !net8_0_or_greater\nnamespace Multi.Core;\ninternal static class Extra { public const string Value = \"old\"; }\n");
        // A plain library imported by it compiles for whatever framework imports it.
        tree.File("m/lib/text/crossbuild.json", "{\"name\": \"Multi.Text\"}");
        tree.File("m/lib/text/text.cs", "namespace Multi.Text;\npublic static class Up { public static string Of(string s) => s.ToUpperInvariant(); }\n");
        tree.File("m/lib/core/use.cs", "using Multi.Text;\nnamespace Multi.Core;\npublic static class Loud { public static string Framework => Up.Of(Which.Framework); }\n");
        tree.File("m/cmd/app/main.cs", "System.Console.WriteLine(Multi.Core.Loud.Framework);\n");
        return tree;
    }

    [RestoredPackageFact("Microsoft.NETCore.App.Host.linux-x64", "8.0.31")]
    public void ALibraryIsReleasedWithOneLibFolderPerFrameworkAndRestoredByEach()
    {
        using var tree = Module();
        var env = new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path("cache") };
        var release = CliRunner.Run(tree.Path("m"), env, ["release", "--version", "1.2.3", "-r", "linux-x64", "-o", "dist/", "./lib/..."]);
        release.ExitCode.Should().Be(0, release.StdErr);

        using (var nupkg = new PackageArchiveReader(tree.Path("m/dist/Multi.Core.1.2.3.nupkg")))
        {
            nupkg.GetFiles("lib").Order(StringComparer.Ordinal).Should().Equal(
                "lib/net10.0/Multi.Core.dll", "lib/net8.0/Multi.Core.dll", "lib/netstandard2.0/Multi.Core.dll");
            var groups = nupkg.NuspecReader.GetDependencyGroups().ToArray();
            // In dotnet pack's order, by folder name; a module library is a dependency as a ProjectReference is.
            groups.Select(g => g.TargetFramework.GetShortFolderName()).Should().Equal("net10.0", "net8.0", "netstandard2.0");
            groups.Should().AllSatisfy(g => g.Packages.Select(p => $"{p.Id} {p.VersionRange} exclude={string.Join(',', p.Exclude)}")
                .Should().Equal("Multi.Text [1.2.3, ) exclude=Analyzers,Build"));
        }
        using (var text = new PackageArchiveReader(tree.Path("m/dist/Multi.Text.1.2.3.nupkg")))
            text.GetFiles("lib").Order(StringComparer.Ordinal).Should().Equal(
                "lib/net10.0/Multi.Text.dll", "lib/net8.0/Multi.Text.dll", "lib/netstandard2.0/Multi.Text.dll");

        // Projects on net8.0 and net10.0 restore it from the release folder (the framework packs from the global folder
        // the test project restored them into) and each gets its own build.
        tree.File("consumer/Program.cs", "System.Console.WriteLine(Multi.Core.Loud.Framework);\n");
        var sources = tree.Path("consumer/nuget.config");
        File.WriteAllText(sources, $"""
            <configuration>
              <packageSources><clear /><add key="release" value="{tree.Path("m/dist")}" /></packageSources>
              <fallbackPackageFolders><add key="restored" value="{RestoredPackage.GlobalFolder}" /></fallbackPackageFolders>
            </configuration>
            """);
        foreach (var (framework, expected) in new[] { ("net8.0", "NET8.0 NEW"), ("net10.0", "NET10.0 NEW") })
        {
            File.WriteAllText(tree.Path("consumer/consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>{framework}</TargetFramework><RollForward>Major</RollForward></PropertyGroup>
                  <ItemGroup><PackageReference Include="Multi.Core" Version="1.2.3" /></ItemGroup>
                </Project>
                """);
            var run = ProcessRunner.Run("dotnet", tree.Path("consumer"), new Dictionary<string, string> { ["NUGET_PACKAGES"] = tree.Path("consumer-global") },
                "run", "-nologo");
            run.ExitCode.Should().Be(0, run.StdOut + run.StdErr);
            run.StdOut.Trim().Should().Be(expected);
        }
    }

    [RestoredPackageFact("Microsoft.NETCore.App.Host.linux-x64", "9.0.20")]
    public void EachFrameworkCompilesOnceAndTheAppTakesTheNearest()
    {
        using var tree = Module();
        var cache = tree.Path("cache");
        var build = CliRunner.Run(tree.Path("m"), "build", "-x", "--cache-dir", cache, "./...");
        build.ExitCode.Should().Be(0, build.StdErr);
        build.StdErr.Split('\n').Count(l => l.StartsWith("compile lib/core ", StringComparison.Ordinal)).Should().Be(3, build.StdErr);

        // -f picks one framework for everything: net9.0 takes the library's net8.0 build.
        var app = CliRunner.Run(tree.Path("m"), "build", "-f", "net9.0", "--cache-dir", cache, "-o", "out9/", "./cmd/app");
        app.ExitCode.Should().Be(0, app.StdErr);
        ProcessRunner.Run(tree.Path("m/out9/app"), tree.Path("m"), new Dictionary<string, string> { ["DOTNET_ROLL_FORWARD"] = "Major" })
            .StdOut.Trim().Should().Be("NET8.0 NEW");
        var app10 = CliRunner.Run(tree.Path("m"), "build", "--cache-dir", cache, "-o", "out10/", "./cmd/app");
        app10.ExitCode.Should().Be(0, app10.StdErr);
        ProcessRunner.Run(tree.Path("m/out10/app"), tree.Path("m")).StdOut.Trim().Should().Be("NET10.0 NEW");
    }

    [RestoredPackageFact("Microsoft.NETCore.App.Host.linux-x64", "8.0.31")]
    public void AMatrixBuildsTheAppForEachOfItsFrameworks()
    {
        using var tree = Module();
        File.WriteAllText(tree.Path("m/crossbuild.json"),
            "{\"module\": \"Multi\", \"langVersion\": \"latest\", \"matrix\": {\"runtimes\": [\"linux-x64\"], \"frameworks\": [\"net8.0\", \"net10.0\"]}}");
        var build = CliRunner.Run(tree.Path("m"), "build", "--matrix", "-x", "--cache-dir", tree.Path("cache"), "-o", "out/", "./cmd/app");
        build.ExitCode.Should().Be(0, build.StdErr);
        var env = new Dictionary<string, string> { ["DOTNET_ROLL_FORWARD"] = "Major" };
        ProcessRunner.Run(tree.Path("m/out/linux-x64-net8.0/app"), tree.Path("m"), env).StdOut.Trim().Should().Be("NET8.0 NEW");
        ProcessRunner.Run(tree.Path("m/out/linux-x64-net10.0/app"), tree.Path("m"), env).StdOut.Trim().Should().Be("NET10.0 NEW");
        // Each cell builds the library for its framework only.
        build.StdErr.Split('\n').Where(l => l.StartsWith("compile lib/core ", StringComparison.Ordinal)).Select(l => l.Split(' ')[4].TrimEnd(')'))
            .Order(StringComparer.Ordinal).Should().Equal("net10.0", "net8.0");
        CliRunner.Run(tree.Path("m"), "build", "--matrix", "-f", "net8.0", "./cmd/app").StdErr.Trim()
            .Should().Be("crossbuild: --matrix builds the frameworks crossbuild.json's matrix lists; drop -f");
    }

    [Fact]
    public void AnImportWithNoUsableFrameworkIsOneLineError()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Multi\"}");
        tree.File("m/lib/new/crossbuild.json", "{\"frameworks\": [\"net10.0\"]}");
        tree.File("m/lib/new/n.cs", "namespace Multi.New; public static class N { public const int V = 1; }\n");
        tree.File("m/lib/old/crossbuild.json", "{\"frameworks\": [\"netstandard2.0\"]}");
        tree.File("m/lib/old/o.cs", "using Multi.New;\nnamespace Multi.Old; public static class O { public const int V = N.V; }\n");
        var r = CliRunner.Run(tree.Path("m"), "build", "./lib/old");
        r.ExitCode.Should().Be(1);
        r.StdErr.Trim().Should().Be("crossbuild: lib/old (netstandard2.0) imports lib/new, whose frameworks (net10.0) include none that netstandard2.0 can use");

        // A framework whose reference assemblies are neither in the SDK nor on the sources names both.
        var offline = LocalFeed.AddTo(tree);
        tree.File("m/lib/new/crossbuild.json", "{\"frameworks\": [\"net48\"]}");
        var missing = CliRunner.Run(tree.Path("m"), offline, "build", "./lib/new");
        missing.ExitCode.Should().Be(1);
        missing.StdErr.Trim().Should().Be($"crossbuild: lib/new: no reference assemblies for net48: package Microsoft.NETFramework.ReferenceAssemblies.net48 1.0.3 not found; sources tried: {tree.Path("feed")}");

        tree.File("m/lib/new/crossbuild.json", "{\"frameworks\": [\"net10.0\", \"net10.0\"]}");
        CliRunner.Run(tree.Path("m"), "build", "./lib/new").StdErr.Trim()
            .Should().Be("lib/new/crossbuild.json:1:2: field \"frameworks\" lists net10.0 twice");
    }
}
