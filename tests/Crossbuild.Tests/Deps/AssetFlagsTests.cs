using System.Text;
using System.Text.Json;
using Crossbuild.Tests.Support;
using NuGet.Packaging;

namespace Crossbuild.Tests.Deps;

/// <summary>
/// <c>includeAssets</c>, <c>excludeAssets</c> and <c>privateAssets</c> on <c>packages</c> entries, as a PackageReference's
/// metadata: what the declaring package compiles against, what flows to what imports it, what an app carries and
/// what a released nupkg depends on, checked against <c>dotnet build</c>.
/// </summary>
public class AssetFlagsTests
{
    private static TestPackage Util() => new TestPackage("Acme.Util", "1.0.0")
        .Lib("net10.0", "namespace Acme.Util { public static class U { public static string Hi => \"util\"; } }");

    private static TestPackage Tool() => new TestPackage("Acme.Tool", "1.0.0")
        .Lib("net10.0", "namespace Acme.Tool { public static class Tool { public static string Name => \"tool\"; } }");

    private const string Text = "namespace App.Text; public static class T { public static string Hi => Acme.Util.U.Hi + Acme.Tool.Tool.Name; }\n";

    [Fact]
    public void PrivateAssetsKeepPackagesFromImportersAsUnderDotnetBuild()
    {
        using var m = new PackageModule("").With(Util(), Tool());
        m.Env["NUGET_PACKAGES"] = m.Tree.Path("_global");
        m.Tree.File("lib/text/crossbuild.json", """
            {"packages": {"Acme.Util": {"version": "1.0.0", "privateAssets": "all"}, "Acme.Tool": {"version": "1.0.0", "privateAssets": ["compile"]}}}
            """);
        m.Tree.File("lib/text/t.cs", Text);
        m.Tree.File("app/main.cs", "System.Console.WriteLine(App.Text.T.Hi);\n");
        var ours = m.Cli("build", "-o", "out/", "./app");
        ours.ExitCode.Should().Be(0, ours.StdErr);

        m.Tree.File("_sdk/text/t.cs", Text);
        m.Tree.File("_sdk/text/App.lib.text.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><PackageReference Include="Acme.Util" Version="1.0.0" PrivateAssets="all" /><PackageReference Include="Acme.Tool" Version="1.0.0" PrivateAssets="compile" /></ItemGroup>
            </Project>
            """);
        m.Tree.File("_sdk/app/main.cs", "System.Console.WriteLine(App.Text.T.Hi);\n");
        m.Tree.File("_sdk/app/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><ProjectReference Include="../text/App.lib.text.csproj" /></ItemGroup>
            </Project>
            """);
        var theirs = ProcessRunner.Run("dotnet", m.Tree.Path("_sdk/app"), m.Env, "build", "-nologo", "-p:UseSharedCompilation=false", "-o", m.Tree.Path("sdkout"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);

        // Acme.Util stays private to lib/text: not carried by the app, not in its deps.json; Acme.Tool's runtime flows.
        string[] Dlls(string dir) => Directory.GetFiles(dir, "*.dll").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Dlls(m.Tree.Path("out")).Should().Equal(Dlls(m.Tree.Path("sdkout"))).And.Contain("Acme.Tool.dll").And.NotContain("Acme.Util.dll");
        Libraries(m.Tree.Path("out/app.deps.json")).Should().Equal(Libraries(m.Tree.Path("sdkout/app.deps.json")));

        // Without Acme.Tool's compile assets, the app cannot name it, as under dotnet build (CS0103 on Acme).
        m.Tree.File("app/main.cs", "System.Console.WriteLine(Acme.Tool.Tool.Name);\n");
        var direct = m.Cli("build", "-o", "out/", "./app");
        direct.ExitCode.Should().Be(1);
        direct.StdErr.Should().Contain("error CS0103");

        // A release leaves the private package out of the library's dependencies.
        var release = m.Cli("release", "--version", "1.0.0", "-o", "dist/", "./lib/text");
        release.ExitCode.Should().Be(0, release.StdErr);
        using var nupkg = new PackageArchiveReader(m.Tree.Path("dist/App.lib.text.1.0.0.nupkg"));
        nupkg.NuspecReader.GetDependencyGroups().Single().Packages.Select(p => p.Id).Should().Equal("Acme.Tool");
    }

    [Fact]
    public void ExcludedAssetsAreNotUsedAndBadValuesAreOneLineErrors()
    {
        var sources = new TestPackage("Acme.Sources", "1.0.0").File("contentFiles/cs/any/Acme.Sources/S.cs",
            Encoding.UTF8.GetBytes("namespace Acme.Sources { internal static class S { public static string Hi => \"src\"; } }\n"));
        using var m = new PackageModule("\"Acme.Sources\": {\"version\": \"1.0.0\", \"excludeAssets\": \"contentFiles\"}",
            "System.Console.WriteLine(Acme.Sources.S.Hi);").With(sources);
        m.Env["NUGET_PACKAGES"] = m.Tree.Path("_global");
        var excluded = m.Cli("build", "-o", "out/", "./app");
        excluded.ExitCode.Should().Be(1);
        excluded.StdErr.Should().Contain("error CS0103"); // the source package's code is not compiled
        File.WriteAllText(m.Tree.Path("crossbuild.json"), "{\"module\": \"App\", \"packages\": {\"Acme.Sources\": {\"version\": \"1.0.0\", \"includeAssets\": \"contentFiles\"}}}");
        m.BuildAndRun().Should().Be("src");

        File.WriteAllText(m.Tree.Path("crossbuild.json"), "{\"module\": \"App\",\n  \"packages\": {\"Acme.Sources\": {\"version\": \"1.0.0\", \"privateAssets\": \"everything\"}}}");
        m.Cli("build", "./app").StdErr.Trim().Should().Be(
            "crossbuild.json:2:3: package Acme.Sources: privateAssets has \"everything\"; expected all, none, compile, runtime, contentFiles, build, buildTransitive, native or analyzers");
        File.WriteAllText(m.Tree.Path("crossbuild.json"), "{\"module\": \"App\",\n  \"packages\": {\"Acme.Sources\": {\"privateAssets\": \"all\"}}}");
        m.Cli("build", "./app").StdErr.Trim().Should().Be("crossbuild.json:2:3: package Acme.Sources: missing \"version\"");
    }

    [Fact]
    public void AReleasedLibrarysDependenciesCarryTheAssetAttributesDotnetPackWrites()
    {
        var packages = new[] { "Acme.A", "Acme.B", "Acme.C", "Acme.D" }
            .Select(id => new TestPackage(id, "1.0.0").Lib("net10.0", $"namespace {id} {{ public static class X {{ }} }}")).ToArray();
        using var m = new PackageModule("").With(packages);
        m.Env["NUGET_PACKAGES"] = m.Tree.Path("_global");
        m.Tree.File("lib/text/crossbuild.json", """
            {"name": "Acme.Text", "packages": {
              "Acme.A": "1.0.0",
              "Acme.B": {"version": "1.0.0", "privateAssets": "compile"},
              "Acme.C": {"version": "1.0.0", "includeAssets": "compile;runtime"},
              "Acme.D": {"version": "1.0.0", "excludeAssets": "runtime", "privateAssets": "none"}}}
            """);
        m.Tree.File("lib/text/t.cs", "namespace Acme.Text { public static class T { } }\n");
        var release = m.Cli("release", "--version", "1.0.0", "-o", "dist/", "./lib/text");
        release.ExitCode.Should().Be(0, release.StdErr);

        m.Tree.File("_sdk/t.cs", "namespace Acme.Text { public static class T { } }\n");
        m.Tree.File("_sdk/Acme.Text.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Acme.A" Version="1.0.0" />
                <PackageReference Include="Acme.B" Version="1.0.0" PrivateAssets="compile" />
                <PackageReference Include="Acme.C" Version="1.0.0" IncludeAssets="compile;runtime" />
                <PackageReference Include="Acme.D" Version="1.0.0" ExcludeAssets="runtime" PrivateAssets="none" />
              </ItemGroup>
            </Project>
            """);
        var pack = ProcessRunner.Run("dotnet", m.Tree.Path("_sdk"), m.Env, "pack", "-nologo", "-o", m.Tree.Path("sdkdist"));
        pack.ExitCode.Should().Be(0, pack.StdOut);
        string[] Dependencies(string nupkg)
        {
            using var reader = new PackageArchiveReader(nupkg);
            return reader.NuspecReader.GetDependencyGroups().Single().Packages
                .Select(p => $"{p.Id} {p.VersionRange} include={string.Join(',', p.Include)} exclude={string.Join(',', p.Exclude)}").ToArray();
        }
        var expected = Dependencies(m.Tree.Path("sdkdist/Acme.Text.1.0.0.nupkg"));
        expected.Should().HaveCount(4);
        Dependencies(m.Tree.Path("dist/Acme.Text.1.0.0.nupkg")).Should().Equal(expected);
    }

    private static string[] Libraries(string depsJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(depsJson));
        return doc.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
    }
}
