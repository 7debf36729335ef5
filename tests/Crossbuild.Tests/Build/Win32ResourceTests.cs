using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>The Win32 resources csc writes into every assembly (the version resource, an application's manifest), against <c>dotnet build</c>.</summary>
public class Win32ResourceTests
{
    [Fact]
    public void VersionResourcesAndTheManifestAreCscs()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\", \"version\": \"3.2.1\", \"company\": \"Acme Ltd\", \"copyright\": \"(c) Acme\"}");
        tree.File("m/cmd/app/crossbuild.json", "{\"name\": \"app\"}");
        tree.File("m/lib/text/crossbuild.json", "{\"name\": \"Acme.Text\", \"description\": \"text things\"}");
        foreach (var (app, lib) in new[] { ("m/cmd/app", "m/lib/text"), ("_sdk/app", "_sdk/text") })
        {
            tree.File(app + "/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi);");
            tree.File(lib + "/t.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hi\"; }");
        }
        const string props = "<Version>3.2.1</Version><Company>Acme Ltd</Company><Copyright>(c) Acme</Copyright>";
        tree.File("_sdk/text/Acme.Text.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>{props}<Description>text things</Description></PropertyGroup>
            </Project>
            """);
        tree.File("_sdk/app/app.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>{props}</PropertyGroup>
              <ItemGroup><ProjectReference Include="../text/Acme.Text.csproj" /></ItemGroup>
            </Project>
            """);
        var ours = CliRunner.Run(tree.Path("m"), "build", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("_sdk/app"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("sdkout"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        foreach (var dll in new[] { "app.dll", "Acme.Text.dll" })
        {
            var expected = Win32Resources.Read(tree.Path("sdkout/" + dll));
            expected.Select(r => r.Type).Should().Contain(16, "csc writes a version resource");
            var mine = Win32Resources.Read(tree.Path("m/out/" + dll));
            mine.Select(r => (r.Type, r.Id, r.Language)).Should().Equal(expected.Select(r => (r.Type, r.Id, r.Language)), dll);
            foreach (var (a, b) in mine.Zip(expected)) a.Data.Should().Equal(b.Data, $"{dll} resource type {a.Type}");
        }
        Win32Resources.Read(tree.Path("sdkout/app.dll")).Select(r => r.Type).Should().Contain(24, "an application gets csc's default manifest");
        ModuleName(tree.Path("m/out/app.dll")).Should().Be("app.dll").And.Be(ModuleName(tree.Path("sdkout/app.dll")));
    }

    private static string ModuleName(string dll)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(dll));
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return md.GetString(md.GetModuleDefinition().Name);
    }
}
