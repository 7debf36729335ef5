using System.Text.RegularExpressions;
using Crossbuild.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Crossbuild.Tests.Build;

/// <summary>
/// Analyzer inputs against <c>dotnet build</c>: .editorconfig files (with <c>root = true</c> and
/// <c>generated_code</c>), a .globalconfig, additional files and the SDK's <c>build_property</c> values read by a
/// generator, and a real analyzer package reading its AdditionalFiles (PublicApiAnalyzers).
/// </summary>
public class AnalyzerConfigTests
{
    private const string Main = """
        int unused;
        int assigned = 1;
        string s = null;
        if (false) { System.Console.WriteLine(s); }
        System.Console.WriteLine(Gen.G.M());
        """;

    [Fact]
    public void EditorconfigAndGlobalconfigChangeSeveritiesAsUnderDotnetBuild()
    {
        using var tree = new TempTree();
        foreach (var root in new[] { "m", "mirror" })
        {
            tree.File(root + "/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.CS0168.severity = none\n");
            tree.File(root + "/.globalconfig", "dotnet_diagnostic.CS0219.severity = none\n");
        }
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\"}");
        foreach (var app in new[] { "m/cmd/app", "mirror/app" })
        {
            tree.File(app + "/main.cs", Main);
            tree.File(app + "/gen/.editorconfig", "[*.cs]\ngenerated_code = true\n");
            tree.File(app + "/gen/g.cs", "namespace Gen; public static class G { public static string M() { string s = null; return s; } }\n");
        }
        tree.File("m/cmd/app/crossbuild.json", "{\"name\": \"app\"}");
        tree.File("mirror/app/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
            </Project>
            """);
        var ours = CliRunner.Run(tree.Path("m"), "build", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("mirror/app"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("mirror/out"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        var expected = Warnings(theirs.StdOut);
        Warnings(ours.StdErr).Should().Equal(expected);
        expected.Should().Equal("CS0162 main.cs:4", "CS8600 main.cs:3");

        // An edited config is an input like a source: the compile runs again.
        tree.File("m/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.CS0168.severity = error\n");
        File.SetLastWriteTimeUtc(tree.Path("m/.editorconfig"), DateTime.UtcNow.AddMinutes(-5)); // old enough for the facts cache
        var again = CliRunner.Run(tree.Path("m"), "build", "-o", "out/", "./cmd/app");
        again.ExitCode.Should().Be(1);
        again.StdErr.Should().Contain("main.cs(1,5): error CS0168");

        // And one deleted is gone from the inputs, not an unreadable file.
        File.Delete(tree.Path("m/.editorconfig"));
        var without = CliRunner.Run(tree.Path("m"), "build", "-o", "out/", "./cmd/app");
        without.ExitCode.Should().Be(0, without.StdErr);
        without.StdErr.Should().Contain("warning CS0168");
    }

    private const string Generator = """
        using System.Linq;
        using Microsoft.CodeAnalysis;
        [Generator]
        public sealed class Echo : IIncrementalGenerator
        {
            public void Initialize(IncrementalGeneratorInitializationContext context)
            {
                var files = context.AdditionalTextsProvider.Combine(context.AnalyzerConfigOptionsProvider)
                    .Select((p, _) => p.Right.GetOptions(p.Left).TryGetValue("echo_prefix", out var prefix)
                        ? prefix + ":" + System.IO.Path.GetFileName(p.Left.Path) + "=" + p.Left.GetText()!.ToString().Trim() : "")
                    .Collect();
                var root = context.AnalyzerConfigOptionsProvider.Select((o, _) =>
                    (o.GlobalOptions.TryGetValue("build_property.RootNamespace", out var r) ? r : "?") + "|" +
                    (o.GlobalOptions.TryGetValue("build_property.TargetFrameworkVersion", out var v) ? v : "?") + "|" +
                    (o.GlobalOptions.TryGetValue("build_property.ProjectDir", out var d) ? System.IO.Path.GetFileName(d.TrimEnd('/')) : "?"));
                context.RegisterSourceOutput(files.Combine(root), (spc, p) =>
                    spc.AddSource("Echo.g.cs", "namespace Gen { public static class Echo { public const string Text = @\"" +
                        string.Join(";", p.Left.Where(x => x.Length > 0).OrderBy(x => x)).Replace("\"", "\"\"") + " " + p.Right + "\"; } }"));
            }
        }
        """;

    [Fact]
    public void AGeneratorSeesAdditionalFilesTheirOptionsAndTheBuildPropertiesAsUnderDotnetBuild()
    {
        // Built against the SDK's own compiler, so that dotnet build's csc loads it too.
        var sdkRoslyn = Path.Combine(Crossbuild.Env.DotnetEnvironment.Current.SdkDirectory!, "Roslyn", "bincore");
        var refs = new[] { "Microsoft.CodeAnalysis.dll", "Microsoft.CodeAnalysis.CSharp.dll" }
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(Path.Combine(sdkRoslyn, f))).ToArray();
        var generator = TestPackage.Compile("Echo.Generator", Generator, OutputKind.DynamicallyLinkedLibrary, refs);
        using var m = new PackageModule("\"Echo\": \"1.0.0\"", "System.Console.WriteLine(Gen.Echo.Text);")
            .With(new TestPackage("Echo", "1.0.0").File("analyzers/dotnet/cs/Echo.Generator.dll", generator));
        var tree = m.Tree; // the csproj mirror is in "_mirror", which the module skips
        tree.File("app/crossbuild.json", "{\"rootNamespace\": \"Acme.Root\", \"additionalFiles\": [\"data/*.txt\"]}");
        foreach (var dir in new[] { "app", "_mirror/app" })
        {
            tree.File(dir + "/data/a.txt", "alpha");
            tree.File(dir + "/data/b.txt", "beta");
            // Configs are found from the sources' directories, as the SDK finds them (not from data/).
            tree.File(dir + "/.editorconfig", "[data/a.txt]\necho_prefix = A\n[data/b.txt]\necho_prefix = B\n");
            tree.File(dir + "/data/.editorconfig", "[*.txt]\necho_prefix = ignored\n");
        }
        tree.File("_mirror/app/main.cs", "System.Console.WriteLine(Gen.Echo.Text);");
        tree.File("_mirror/app/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
                <RootNamespace>Acme.Root</RootNamespace></PropertyGroup>
              <ItemGroup><PackageReference Include="Echo" Version="1.0.0" /><AdditionalFiles Include="data/*.txt" /></ItemGroup>
            </Project>
            """);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("_mirror/app"), m.Env, "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("_mirror/out"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        var expected = ProcessRunner.Run("dotnet", tree.Root, tree.Path("_mirror/out/app.dll")).StdOut;
        expected.Should().Be("A:a.txt=alpha;B:b.txt=beta Acme.Root|v10.0|app\n");
        m.BuildAndRun().Should().Be(expected.Trim());
    }

    [RestoredPackageFact("Microsoft.CodeAnalysis.PublicApiAnalyzers", "5.6.0")]
    public void PublicApiAnalyzersReadTheirAdditionalFilesAsUnderDotnetBuild()
    {
        var nupkg = RestoredPackage.Nupkg("Microsoft.CodeAnalysis.PublicApiAnalyzers", "5.6.0")!;
        using var m = new PackageModule("\"Microsoft.CodeAnalysis.PublicApiAnalyzers\": \"5.6.0\"");
        var tree = m.Tree;
        File.Copy(nupkg, tree.Path("feed/" + Path.GetFileName(nupkg)));
        const string lib = "namespace Acme.Api; public static class Shipped { public static int One => 1; public static int Two => 2; }\n";
        tree.File("lib/api/api.cs", lib);
        tree.File("lib/api/crossbuild.json", "{\"additionalFiles\": [\"PublicAPI.*.txt\"]}");
        foreach (var dir in new[] { "lib/api", "_mirror/api" })
        {
            tree.File(dir + "/PublicAPI.Shipped.txt", "#nullable enable\nAcme.Api.Shipped\nstatic Acme.Api.Shipped.One.get -> int\n");
            tree.File(dir + "/PublicAPI.Unshipped.txt", "#nullable enable\n");
        }
        tree.File("_mirror/api/api.cs", lib);
        tree.File("_mirror/api/Acme.lib.api.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><PackageReference Include="Microsoft.CodeAnalysis.PublicApiAnalyzers" Version="5.6.0" /><AdditionalFiles Include="PublicAPI.*.txt" /></ItemGroup>
            </Project>
            """);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("_mirror/api"), m.Env, "build", "-nologo", "-p:UseSharedCompilation=false");
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        var ours = m.Cli("build", "./lib/api");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var expected = Warnings(theirs.StdOut);
        expected.Should().Contain("RS0016 api.cs:1");
        Warnings(ours.StdErr).Should().Equal(expected);
    }

    // "code file:line" of every warning, distinct and sorted, from either tool's output.
    private static string[] Warnings(string output) =>
        Regex.Matches(output, @"([^\s/(]+)\((\d+),\d+\): warning (\w+):")
            .Select(x => $"{x.Groups[3].Value} {x.Groups[1].Value}:{x.Groups[2].Value}")
            .Distinct().Order(StringComparer.Ordinal).ToArray();
}
