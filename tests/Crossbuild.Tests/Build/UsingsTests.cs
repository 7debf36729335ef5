using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// Project-level global usings (<c>"usings"</c>, the SDK's <c>&lt;Using&gt;</c> items) against <c>dotnet build</c>:
/// the generated GlobalUsings.g.cs has the same bytes (its checksum in the PDB), and the program behaves the same.
/// </summary>
public class UsingsTests
{
    private const string Program = """
        var sb = new SB();
        sb.Append(Abs(-42)).Append(' ').Append(Encoding.UTF8.WebName);
        WriteLine(sb.ToString());
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "\"usings\": [\"System.Text\", \"static System.Math\", \"SB = System.Text.StringBuilder\", \"static System.Console\", \"-System.Net.Http\"]",
          """<Using Include="System.Text" /><Using Include="System.Math" Static="true" /><Using Include="System.Text.StringBuilder" Alias="SB" /><Using Include="System.Console" Static="true" /><Using Remove="System.Net.Http" />""",
          "enable" },
        { "\"implicitUsings\": false, \"usings\": [\"static System.Console\", \"System.Text\", \"SB = System.Text.StringBuilder\", \"static System.Math\"]",
          """<Using Include="System.Console" Static="true" /><Using Include="System.Text" /><Using Include="System.Text.StringBuilder" Alias="SB" /><Using Include="System.Math" Static="true" />""",
          "disable" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheGeneratedUsingsAreTheSdksByteForByte(string manifest, string items, string implicitUsings)
    {
        using var tree = new TempTree().Module("Acme", ", " + manifest);
        tree.File("cmd/app/main.cs", Program);
        tree.File("mirror/app.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><AssemblyName>app</AssemblyName>
                <Nullable>enable</Nullable><ImplicitUsings>{implicitUsings}</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>{items}</ItemGroup>
            </Project>
            """);
        File.Copy(tree.Path("cmd/app/main.cs"), tree.Path("mirror/main.cs"));
        var ours = CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("mirror"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("mirror/out"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        var text = File.ReadAllText(tree.Path("mirror/obj/Debug/net10.0/app.GlobalUsings.g.cs"));
        PdbDocuments.Checksum(tree.Path("out/app.pdb"), "GlobalUsings.g.cs").Should().Equal(PdbDocuments.Checksum(tree.Path("mirror/out/app.pdb"), "GlobalUsings.g.cs"), text);
        ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Should().Be("42 utf-8\n")
            .And.Be(ProcessRunner.Run("dotnet", tree.Root, tree.Path("mirror/out/app.dll")).StdOut);
    }

    [Fact]
    public void AUsingOfAModuleNamespaceImportsItsPackage()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hi\"; }");
        tree.File("cmd/app/crossbuild.json", "{\"usings\": [\"Acme.Text\"]}");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(T.Hi);");
        var r = CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/app");
        r.ExitCode.Should().Be(0, r.StdErr);
        ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Should().Be("hi\n");
        CliRunner.Run(tree.Root, "list", "--json", "./cmd/app").StdOut.Should().Contain("\"lib/text\"");
    }

    [Theory]
    [InlineData("\"usings\": [\"System Text\"]")]
    [InlineData("\"usings\": [\"1A = System\"]")]
    [InlineData("\"usings\": [\"-\"]")]
    public void ABadUsingIsOneLineAtTheField(string manifest)
    {
        using var tree = new TempTree().Module("Acme", ", " + manifest);
        tree.File("main.cs", "System.Console.WriteLine(1);");
        CliRunner.Run(tree.Root, "build").StdErr.Trim().Should().StartWith("crossbuild.json:1:20: field \"usings\" has ");
    }
}
