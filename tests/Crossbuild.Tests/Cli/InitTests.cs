using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Cli;

/// <summary>
/// <c>crossbuild init</c>: a minimal module; and <c>--from</c>, which evaluates a project with MSBuild and writes
/// the manifests, checked on samples/imported (a library with resources, its own AssemblyInfo, a linked shared
/// file, project usings, an .editorconfig and NoWarn) against <c>dotnet build</c> of its original csproj.
/// </summary>
public class InitTests
{
    private static string Sample => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples/imported"));

    [Fact]
    public void InitWritesAModuleManifestNamedAfterTheDirectoryAndNeverOverwrites()
    {
        using var tree = new TempTree();
        Directory.CreateDirectory(tree.Path("tools"));
        var r = CliRunner.Run(tree.Path("tools"), "init");
        r.ExitCode.Should().Be(0, r.StdErr);
        r.StdOut.Should().Be("wrote crossbuild.json\n");
        File.ReadAllText(tree.Path("tools/crossbuild.json")).Should().Be("{\n  \"module\": \"tools\"\n}\n");
        var again = CliRunner.Run(tree.Path("tools"), "init");
        again.ExitCode.Should().Be(1);
        again.StdErr.Trim().Should().Be($"crossbuild: init: {tree.Path("tools/crossbuild.json")} exists already");
    }

    [Fact]
    public void TheImportedSampleIsWhatInitWritesAndBuildsAsItsCsprojDoes()
    {
        using var tree = new TempTree();
        var root = tree.CopyFrom(Sample, "imported");
        foreach (var manifest in new[] { "crossbuild.json", "src/Greetings/crossbuild.json" })
            File.Delete(Path.Combine(root, manifest));
        var init = CliRunner.Run(root, "init", "--from", "src/Greetings/Greetings.csproj");
        init.ExitCode.Should().Be(0, init.StdErr);
        init.StdErr.Should().BeEmpty("everything the sample's project says has a mapping");
        foreach (var manifest in new[] { "crossbuild.json", "src/Greetings/crossbuild.json" })
            File.ReadAllText(Path.Combine(root, manifest)).Should().Be(File.ReadAllText(Path.Combine(Sample, manifest)), manifest);

        var ours = CliRunner.Run(root, "build", "-o", "out/", "./cmd/probe");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        // The same library from its own csproj, and the probe beside it.
        tree.File("imported/_probe/Imported.Probe.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>
              <ItemGroup>
                <Compile Include="../cmd/probe/main.cs" />
                <ProjectReference Include="../src/Greetings/Greetings.csproj" />
              </ItemGroup>
            </Project>
            """);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("imported/_probe"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("sdk"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);

        var run = ProcessRunner.Run(Path.Combine(root, "out/Imported.Probe"), root);
        run.StdOut.Should().Be("Hello / Hallo\nalpha,beta,gamma\nshared source, imported, 2.1.0.0\n")
            .And.Be(ProcessRunner.Run("dotnet", root, tree.Path("sdk/Imported.Probe.dll")).StdOut);
        var (mine, sdk) = (Metadata.Of(Path.Combine(root, "out/Imported.Greetings.dll")), Metadata.Of(tree.Path("sdk/Imported.Greetings.dll")));
        mine.Api.Should().Equal(sdk.Api);
        mine.Attributes.Should().Equal(sdk.Attributes);
        mine.Resources.Should().Equal(sdk.Resources);
        Metadata.Of(Path.Combine(root, "out/de/Imported.Greetings.resources.dll")).Should()
            .BeEquivalentTo(Metadata.Of(tree.Path("sdk/de/Imported.Greetings.resources.dll")), o => o.WithStrictOrdering());
    }

    [Fact]
    public void InitMapsPropsConditionsCentralVersionsCopiesAndSaysWhatItCannotMap()
    {
        using var tree = new TempTree();
        tree.File("repo/Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <Nullable>disable</Nullable>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
            </Project>
            """);
        tree.File("repo/Directory.Packages.props", """
            <Project>
              <ItemGroup><PackageVersion Include="Acme.Tools" Version="1.2.3" /></ItemGroup>
            </Project>
            """);
        tree.File("repo/lib/Tool/Tool.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                <OutputType>Exe</OutputType>
                <CheckForOverflowUnderflow>true</CheckForOverflowUnderflow>
                <WarningsAsErrors>CS8602;NU1605</WarningsAsErrors>
                <MyCustomSwitch>on</MyCustomSwitch>
              </PropertyGroup>
              <PropertyGroup Condition="'$(TargetFramework)' == 'net10.0'">
                <DefineConstants>$(DefineConstants);MODERN</DefineConstants>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Acme.Tools" />
                <None Update="config.json" CopyToOutputDirectory="PreserveNewest" />
                <None Include="../../assets/logo.txt" Link="assets/logo.txt" CopyToOutputDirectory="Always" />
                <AdditionalFiles Include="rules.txt" />
                <EmbeddedResource Include="tz.bin" LogicalName="Acme.TimeZones" />
                <ProjectReference Include="../Other/Other.csproj" />
              </ItemGroup>
            </Project>
            """);
        tree.File("repo/lib/Tool/main.cs", "System.Console.WriteLine(1);");
        tree.File("repo/lib/Tool/config.json", "{}");
        tree.File("repo/lib/Tool/rules.txt", "rules");
        tree.File("repo/lib/Tool/tz.bin", "tz");
        tree.File("repo/assets/logo.txt", "logo");
        var r = CliRunner.Run(tree.Path("repo"), "init", "--from", "lib/Tool/Tool.csproj", "-f", "net10.0");
        r.ExitCode.Should().Be(0, r.StdErr);
        File.ReadAllText(tree.Path("repo/lib/Tool/crossbuild.json")).Should().Be("""
            {
              "name": "Tool",
              "kind": "exe",
              "nullable": "disable",
              "implicitUsings": false,
              "warningsAsErrors": [
                "CS8602"
              ],
              "checkForOverflowUnderflow": true,
              "defines": [
                "MODERN"
              ],
              "embed": [
                {
                  "file": "tz.bin",
                  "name": "Acme.TimeZones"
                }
              ],
              "copy": [
                "config.json",
                {
                  "file": "../../assets/logo.txt",
                  "to": "assets/logo.txt"
                }
              ],
              "additionalFiles": [
                "rules.txt"
              ],
              "packages": {
                "Acme.Tools": "1.2.3"
              }
            }

            """.ReplaceLineEndings("\n"));
        r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(
            "init: warning: item ProjectReference ../Other/Other.csproj is not mapped: import that project too; Crossbuild infers the reference from its namespaces",
            "init: warning: property IsPackable = false is not mapped",
            "init: warning: property MyCustomSwitch = on is not mapped");
    }

    [RestoredPackageFact("Microsoft.CodeAnalysis.CSharp", "4.11.0")]
    public void AMultiTargetedLibraryAndItsGeneratorProjectBecomeFrameworksAndAnAnalyzerPackage()
    {
        using var tree = new TempTree();
        tree.File("repo/gen/Gen.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework><LangVersion>latest</LangVersion><EnforceExtendedAnalyzerRules>true</EnforceExtendedAnalyzerRules></PropertyGroup>
              <ItemGroup><PackageReference Include="Microsoft.CodeAnalysis.CSharp" Version="4.11.0" PrivateAssets="all" /></ItemGroup>
            </Project>
            """);
        tree.File("repo/gen/G.cs", """
            using Microsoft.CodeAnalysis;
            namespace Gen;
            [Generator]
            public sealed class G : IIncrementalGenerator
            {
                public void Initialize(IncrementalGeneratorInitializationContext c) =>
                    c.RegisterPostInitializationOutput(p => p.AddSource("Hello.g.cs", "namespace Core { internal static class Hello { public const string Text = \"generated\"; } }"));
            }
            """);
        tree.File("repo/lib/Core/Core.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFrameworks>netstandard2.0;net10.0</TargetFrameworks><LangVersion>latest</LangVersion></PropertyGroup>
              <ItemGroup><ProjectReference Include="../../gen/Gen.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" /></ItemGroup>
            </Project>
            """);
        tree.File("repo/lib/Core/C.cs", "namespace Core { public static class C { public static string Text => Hello.Text; } }\n");
        var core = CliRunner.Run(tree.Path("repo"), "init", "--from", "lib/Core/Core.csproj");
        core.ExitCode.Should().Be(0, core.StdErr);
        core.StdErr.Should().BeEmpty();
        var gen = CliRunner.Run(tree.Path("repo"), "init", "--from", "gen/Gen.csproj");
        gen.ExitCode.Should().Be(0, gen.StdErr);
        File.ReadAllText(tree.Path("repo/lib/Core/crossbuild.json")).Should().Be(
            "{\n  \"name\": \"Core\",\n  \"kind\": \"lib\",\n  \"frameworks\": [\n    \"netstandard2.0\",\n    \"net10.0\"\n  ],\n  \"nullable\": \"disable\",\n  \"langVersion\": \"latest\",\n  \"implicitUsings\": false,\n  \"analyzers\": [\n    \"gen\"\n  ]\n}\n");
        File.ReadAllText(tree.Path("repo/gen/crossbuild.json")).Should().Contain("\"kind\": \"analyzer\"")
            .And.Contain("\"Microsoft.CodeAnalysis.CSharp\": {\n      \"version\": \"4.11.0\",\n      \"privateAssets\": \"all\"\n    }");
        var build = CliRunner.Run(tree.Path("repo"), "build", "-x", "./...");
        build.ExitCode.Should().Be(0, build.StdErr);
        build.StdErr.Should().Contain("compile lib/Core (1 files, netstandard2.0)").And.Contain("compile lib/Core (1 files, net10.0)")
            .And.Contain("compile gen (1 files, netstandard2.0)");
    }

    [Fact]
    public void AWebProjectBecomesAWebPackage()
    {
        using var tree = new TempTree();
        tree.File("repo/Web/Web.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
            </Project>
            """);
        tree.File("repo/Web/Program.cs", "var app = WebApplication.Create(args); app.MapGet(\"/\", () => \"hi\"); app.Run();");
        tree.File("repo/Web/appsettings.json", "{}");
        var r = CliRunner.Run(tree.Path("repo"), "init", "--from", "Web/Web.csproj");
        r.ExitCode.Should().Be(0, r.StdErr);
        r.StdErr.Should().BeEmpty();
        File.ReadAllText(tree.Path("repo/Web/crossbuild.json")).Should().Be("{\n  \"name\": \"Web\",\n  \"kind\": \"exe\",\n  \"sdk\": \"web\"\n}\n");
        var build = CliRunner.Run(tree.Path("repo"), "build", "-o", "out/", "./Web");
        build.ExitCode.Should().Be(0, build.StdErr);
        File.Exists(tree.Path("repo/out/appsettings.json")).Should().BeTrue();
    }

    [Fact]
    public void AProjectThatDoesNotEvaluateIsMSBuildsErrorInOneLineAndWritesNothing()
    {
        using var tree = new TempTree();
        tree.File("repo/Bad/Bad.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n  <Import Project=\"missing.targets\" />\n</Project>\n");
        var r = CliRunner.Run(tree.Path("repo"), "init", "--from", "Bad/Bad.csproj");
        r.ExitCode.Should().Be(1);
        var line = r.StdErr.Trim();
        line.Should().NotContain("\n").And.StartWith(tree.Path("repo/Bad/Bad.csproj") + "(5,3): error MSB4019:");
        File.Exists(tree.Path("repo/crossbuild.json")).Should().BeFalse();
        File.Exists(tree.Path("repo/Bad/crossbuild.json")).Should().BeFalse();
    }

    /// <summary>What fidelity compares: the public API, assembly attributes and manifest resources.</summary>
    private sealed record Metadata(string[] Api, string[] Attributes, string[] Resources)
    {
        public static Metadata Of(string dll)
        {
            using var pe = new PEReader(File.OpenRead(dll));
            var md = pe.GetMetadataReader();
            var api = new List<string>();
            foreach (var t in md.TypeDefinitions.Select(md.GetTypeDefinition).Where(t => (t.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public))
            {
                var type = md.GetString(t.Namespace) + "." + md.GetString(t.Name);
                api.Add(type);
                api.AddRange(t.GetMethods().Select(md.GetMethodDefinition).Where(m => (m.Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public)
                    .Select(m => type + "::" + md.GetString(m.Name)));
            }
            var attributes = md.GetAssemblyDefinition().GetCustomAttributes().Select(md.GetCustomAttribute).Select(a =>
            {
                var ctor = md.GetMemberReference((MemberReferenceHandle)a.Constructor);
                var type = md.GetTypeReference((TypeReferenceHandle)ctor.Parent);
                return md.GetString(type.Name) + " " + Convert.ToHexString(md.GetBlobBytes(a.Value));
            }).Order(StringComparer.Ordinal).ToArray();
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var resources = md.ManifestResources.Select(md.GetManifestResource).Select(r =>
            {
                var reader = pe.GetSectionData(directory.RelativeVirtualAddress + (int)r.Offset).GetReader();
                return md.GetString(r.Name) + " " + Convert.ToHexString(reader.ReadBytes(reader.ReadInt32()));
            }).ToArray();
            var identity = md.GetAssemblyDefinition();
            return new Metadata(api.Order(StringComparer.Ordinal).ToArray(),
                [$"version {identity.Version} culture {md.GetString(identity.Culture)}", .. attributes], resources);
        }
    }
}
