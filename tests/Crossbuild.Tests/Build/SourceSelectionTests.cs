using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// Choosing what a package compiles: <c>include</c>/<c>exclude</c> globs (the SDK's linked files and
/// <c>&lt;Compile Remove&gt;</c>), <c>defines</c> (<c>DefineConstants</c>), against <c>dotnet build</c> of the same csproj.
/// </summary>
public class SourceSelectionTests
{
    private const string Main = """
        #if FANCY
        System.Console.WriteLine("fancy " + SharedInfo.Tag + " " + Acme.App.Local.Name);
        #else
        System.Console.WriteLine("plain");
        #endif
        """;

    [Fact]
    public void LinkedFilesRemovedFilesAndDefinesCompileAsDotnetBuildDoes()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\"}");
        tree.File("m/shared/SharedInfo.cs", "internal static class SharedInfo { public const string Tag = \"shared\"; }");
        tree.File("m/cmd/app/crossbuild.json", "{\"name\": \"app\", \"defines\": [\"FANCY\"], \"include\": [\"../../shared/*.cs\"], \"exclude\": [\"Generated/**\"]}");
        tree.File("m/cmd/app/main.cs", Main);
        tree.File("m/cmd/app/local/Local.cs", "namespace Acme.App; static class Local { public static string Name => \"local\"; }");
        tree.File("m/cmd/app/Generated/deep/Broken.cs", "this is not C#");
        // The same tree as a project: the shared file linked, the generated folder removed, the symbol defined.
        tree.File("mirror/shared/SharedInfo.cs", System.IO.File.ReadAllText(tree.Path("m/shared/SharedInfo.cs")));
        tree.CopyFrom(tree.Path("m/cmd/app"), "mirror/app");
        System.IO.File.Delete(tree.Path("mirror/app/crossbuild.json"));
        tree.File("mirror/app/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
                <DefineConstants>$(DefineConstants);FANCY</DefineConstants>
              </PropertyGroup>
              <ItemGroup><Compile Remove="Generated/**" /><Compile Include="../shared/*.cs" /></ItemGroup>
            </Project>
            """);

        var ours = CliRunner.Run(tree.Path("m"), "build", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("mirror/app"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("mirror/out"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        ProcessRunner.Run(tree.Path("m/out/app"), tree.Root).StdOut.Should().Be("fancy shared local\n")
            .And.Be(ProcessRunner.Run("dotnet", tree.Root, tree.Path("mirror/out/app.dll")).StdOut);
        PdbDocuments.Checksum(tree.Path("m/out/app.pdb"), "/shared/SharedInfo.cs")
            .Should().Equal(PdbDocuments.Checksum(tree.Path("mirror/out/app.pdb"), "/shared/SharedInfo.cs"));
        PdbDocuments.Names(tree.Path("m/out/app.pdb")).Should().Contain(tree.Path("m/shared/SharedInfo.cs"), "the linked file's path is normalized");

        // The shared directory is source, not a package; list shows what the package compiles.
        var list = CliRunner.Run(tree.Path("m"), "list", "--json", "./...");
        list.ExitCode.Should().Be(0, list.StdErr);
        using var json = System.Text.Json.JsonDocument.Parse(list.StdOut);
        json.RootElement.EnumerateArray().Select(p => p.GetProperty("Dir").GetString()).Should().Equal("cmd/app");
        json.RootElement[0].GetProperty("Files").EnumerateArray().Select(f => f.GetString())
            .Should().Equal("../../shared/SharedInfo.cs", "local/Local.cs", "main.cs");
    }

    [Fact]
    public void DefinesReachTheScanButNotTheConstraints()
    {
        using var tree = new TempTree().Module("Acme", ", \"defines\": [\"FANCY\", \"fancy\"]");
        tree.File("lib/fancy/fancy.cs", "namespace Acme.Fancy; public static class F { public static string Name => \"F\"; }");
        tree.File("cmd/app/main.cs", "#if FANCY\nusing Acme.Fancy;\nSystem.Console.WriteLine(F.Name);\n#endif\n");
        tree.File("cmd/app/only_tagged.cs", "//build: fancy\n\nclass NotCompiled { void M() { this is broken } }\n");
        var r = CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/app");
        r.ExitCode.Should().Be(0, r.StdErr);
        ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Should().Be("F\n");
        var list = CliRunner.Run(tree.Root, "list", "--json", "./cmd/app");
        list.StdOut.Should().Contain("\"lib/fancy\"").And.Contain("\"only_tagged.cs\"");
        // A second build answers from the facts cache with the same result.
        CliRunner.Run(tree.Root, "list", "--json", "./cmd/app").StdOut.Should().Be(list.StdOut);
    }

    [Fact]
    public void ModuleGlobsApplyToEveryPackageRelativeToTheModule()
    {
        using var tree = new TempTree().Module("Acme", ", \"include\": [\"_shared/Common.cs\"], \"exclude\": [\"**/*.g.cs\"]");
        tree.File("_shared/Common.cs", "internal static class Common { public const int N = 7; }");
        tree.File("cmd/a/main.cs", "System.Console.WriteLine(Common.N);");
        tree.File("cmd/a/x.g.cs", "broken");
        tree.File("cmd/b/main.cs", "System.Console.WriteLine(Common.N * 2);");
        var r = CliRunner.Run(tree.Root, "build", "-o", "out/", "./...");
        r.ExitCode.Should().Be(0, r.StdErr);
        ProcessRunner.Run(tree.Path("out/a"), tree.Root).StdOut.Should().Be("7\n");
        ProcessRunner.Run(tree.Path("out/b"), tree.Root).StdOut.Should().Be("14\n");
    }

    [Theory]
    [InlineData("\"include\": [\"../../../outside/*.cs\"]", "include \"../../../outside/*.cs\" reaches outside the module")]
    [InlineData("\"include\": [\"../missing.cs\"]", "include \"../missing.cs\" names no .cs file")]
    [InlineData("\"exclude\": [\"/abs/*.cs\"]", "field \"exclude\" has \"/abs/*.cs\"; expected a glob relative to this manifest's directory")]
    [InlineData("\"defines\": [\"NOT OK\"]", "field \"defines\" has \"NOT OK\", which is not a preprocessor symbol")]
    [InlineData("\"features\": [\"=x\"]", "field \"features\" has \"=x\"; expected name or name=value")]
    [InlineData("\"rootNamespace\": \"A..B\"", "field \"rootNamespace\" is \"A..B\", which is not a namespace")]
    public void BadSelectionsAreOneLineAtTheField(string field, string message)
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("cmd/app/crossbuild.json", "{" + field + "}");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(1);");
        var r = CliRunner.Run(tree.Root, "build", "./cmd/app");
        r.ExitCode.Should().Be(1);
        var line = r.StdErr.Trim();
        line.Should().NotContain("\n").And.Contain("cmd/app/crossbuild.json:1:2: " + message);
    }

    [Fact]
    public void FeaturesAreCscsFeatures()
    {
        var settings = Crossbuild.Load.CompileSettings.Default with { Features = ["strict", "InterceptorsNamespaces=Acme.Gen", "x=1"] };
        var target = new Crossbuild.Targets.Target(Crossbuild.Targets.TargetFramework.Default, Crossbuild.Targets.RidCatalog.Host, "Debug");
        var ours = Crossbuild.Work.Compile.SdkOptions.Parse(settings, target, []).Features;
        var csc = Microsoft.CodeAnalysis.CSharp.CSharpCommandLineParser.Default
            .Parse(["/features:InterceptorsNamespaces=" + Crossbuild.Work.Compile.SdkOptions.InterceptorsNamespaces, "/features:strict", "/features:InterceptorsNamespaces=Acme.Gen", "/features:x=1"], "/", null)
            .ParseOptions.Features;
        ours.Should().BeEquivalentTo(csc);
        ours["strict"].Should().Be("true");
    }
}
