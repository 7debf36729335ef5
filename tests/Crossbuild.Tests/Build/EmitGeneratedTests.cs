using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary><c>--emit-generated</c> against <c>dotnet build -p:EmitCompilerGeneratedFiles=true</c>: the same files, the same bytes, from the cache too.</summary>
public class EmitGeneratedTests
{
    private const string Program = """
        using System.Text.RegularExpressions;
        System.Console.WriteLine(Words.Match().IsMatch("alpha") + " " + Acme.Text.T.Hi);
        static partial class Words { [GeneratedRegex("^[a-z]+$")] public static partial Regex Match(); }
        """;

    [Fact]
    public void GeneratedSourcesAreWrittenAsTheSdkWritesThem()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\"}");
        tree.File("m/cmd/app/crossbuild.json", "{\"name\": \"app\"}");
        tree.File("m/lib/text/crossbuild.json", "{\"name\": \"Acme.Text\"}");
        foreach (var (app, lib) in new[] { ("m/cmd/app", "m/lib/text"), ("_sdk/app", "_sdk/text") })
        {
            tree.File(app + "/main.cs", Program);
            tree.File(lib + "/t.cs", "using System.Text.Json.Serialization;\nnamespace Acme.Text;\npublic static class T { public static string Hi => \"hi\"; }\n[JsonSerializable(typeof(int))] internal partial class Ctx : JsonSerializerContext { }\n");
        }
        tree.File("_sdk/text/Acme.Text.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles></PropertyGroup>
            </Project>
            """);
        tree.File("_sdk/app/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles></PropertyGroup>
              <ItemGroup><ProjectReference Include="../text/Acme.Text.csproj" /></ItemGroup>
            </Project>
            """);
        var cache = tree.Path("cache");
        var ours = CliRunner.Run(tree.Path("m"), "build", "--cache-dir", cache, "--emit-generated", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("_sdk/app"), "build", "-nologo", "-p:UseSharedCompilation=false");
        theirs.ExitCode.Should().Be(0, theirs.StdOut);

        foreach (var (name, sdkDir) in new[] { ("app", "_sdk/app"), ("Acme.Text", "_sdk/text") })
        {
            var sdk = tree.Path(sdkDir + "/obj/Debug/net10.0/generated");
            var expected = Files(sdk);
            expected.Should().NotBeEmpty();
            Files(tree.Path($"m/out/_generated/{name}")).Should().Equal(expected, name);
            foreach (var f in expected)
                File.ReadAllBytes(tree.Path($"m/out/_generated/{name}/{f}")).Should().Equal(File.ReadAllBytes(Path.Combine(sdk, f)), f);
        }

        // From the cache, into a fresh folder: the same files.
        var hit = CliRunner.Run(tree.Path("m"), "build", "--cache-dir", cache, "--emit-generated", "-o", "again/", "./cmd/app");
        hit.ExitCode.Should().Be(0, hit.StdErr);
        Files(tree.Path("m/again/_generated")).Should().Equal(Files(tree.Path("m/out/_generated")));
        // Without the flag, none.
        CliRunner.Run(tree.Path("m"), "build", "--cache-dir", cache, "-o", "plain/", "./cmd/app").ExitCode.Should().Be(0);
        Directory.Exists(tree.Path("m/plain/_generated")).Should().BeFalse();
    }

    private static string[] Files(string dir) => TempTree.FilesUnder(dir);
}
