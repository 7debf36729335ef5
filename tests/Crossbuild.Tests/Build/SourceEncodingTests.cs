using System.Text;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// Sources are decoded exactly as csc decodes them (UTF-8 with or without a byte-order mark, UTF-16 with one,
/// otherwise csc's fallback encoding): the same text at run time and the same PDB checksums as <c>dotnet build</c>.
/// </summary>
public class SourceEncodingTests
{
    [Fact]
    public void Latin1Utf8BomAndUtf16FilesMatchDotnetBuild()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\"}");
        var files = new Dictionary<string, byte[]>
        {
            ["main.cs"] = Encoding.UTF8.GetBytes("System.Console.WriteLine(A.S + B.S + C.S);\n"),
            ["latin1.cs"] = Encoding.Latin1.GetBytes("static class A { public const string S = \"caf\u00e9 \"; }\n"),
            ["bom.cs"] = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("static class B { public const string S = \"na\u00efve \"; }\n")],
            ["utf16.cs"] = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("static class C { public const string S = \"\u00fcber\"; }\n")],
        };
        foreach (var (name, bytes) in files)
        {
            tree.Bytes("m/cmd/app/" + name, bytes);
            tree.Bytes("mirror/" + name, bytes);
        }
        tree.File("mirror/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><AssemblyName>app</AssemblyName>
                <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
            </Project>
            """);
        var ours = CliRunner.Run(tree.Path("m"), "build", "-o", "../out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("mirror"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("mirror/out"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        foreach (var name in files.Keys)
            PdbDocuments.Checksum(tree.Path("out/app.pdb"), "/" + name).Should().Equal(PdbDocuments.Checksum(tree.Path("mirror/out/app.pdb"), "/" + name), name);
        var run = ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut;
        run.Should().Be(ProcessRunner.Run("dotnet", tree.Root, tree.Path("mirror/out/app.dll")).StdOut);
        run.Should().Contain("na\u00efve \u00fcber", "UTF-8 with a byte-order mark and UTF-16 decode to their text");
    }
}
