using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// The generated assembly attributes against <c>dotnet build</c> with the same properties: the generated
/// AssemblyInfo.cs has the same bytes (its checksum in the PDB) and the attributes read back the same.
/// </summary>
public class AssemblyInfoTests
{
    private const string Program = "System.Console.WriteLine(typeof(Program).Assembly.GetName().Version);";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        { "", "", "", "" },
        { ", \"version\": \"2.3.4-beta.1\", \"company\": \"Acme Inc\", \"product\": \"Gadget\", \"copyright\": \"(c) Acme \\\"q\\\"\", \"description\": \"Does things\", \"neutralLanguage\": \"en-US\"",
          "{\"title\": \"The Title\", \"internalsVisibleTo\": [\"Friend\"]}",
          "<Version>2.3.4-beta.1</Version><Company>Acme Inc</Company><Product>Gadget</Product><Copyright>(c) Acme \"q\"</Copyright><Description>Does things</Description><NeutralLanguage>en-US</NeutralLanguage><AssemblyTitle>The Title</AssemblyTitle>",
          "<InternalsVisibleTo Include=\"Friend\" />" },
        { ", \"version\": \"5.0.0\", \"assemblyVersion\": \"5.0.0.0\", \"fileVersion\": \"5.1.2.3\", \"informationalVersion\": \"5.0.0+build.7\"", "",
          "<Version>5.0.0</Version><AssemblyVersion>5.0.0.0</AssemblyVersion><FileVersion>5.1.2.3</FileVersion><InformationalVersion>5.0.0+build.7</InformationalVersion>", "" },
        { ", \"generateAssemblyInfo\": {\"version\": false, \"company\": false}", "",
          "<GenerateAssemblyVersionAttribute>false</GenerateAssemblyVersionAttribute><GenerateAssemblyCompanyAttribute>false</GenerateAssemblyCompanyAttribute>", "" },
    };

    // A library, whose assembly info holds nothing of Crossbuild's own (executables also carry build info).
    [Theory]
    [MemberData(nameof(Cases))]
    public void TheGeneratedAttributesAreTheSdksByteForByte(string module, string package, string properties, string items)
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\"" + module + "}");
        tree.File("m/lib/text/text.cs", "namespace Acme.Text; public static class T { public static int V => 1; }");
        tree.File("m/cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.T.V);");
        if (package.Length > 0) tree.File("m/lib/text/crossbuild.json", package);
        tree.File("mirror/Acme.lib.text.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework><AssemblyName>Acme.lib.text</AssemblyName>
                <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>{properties}
              </PropertyGroup>
              <ItemGroup>{items}</ItemGroup>
            </Project>
            """);
        File.Copy(tree.Path("m/lib/text/text.cs"), tree.Path("mirror/text.cs"));
        var ours = CliRunner.Run(tree.Path("m"), "build", "-o", "../out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("mirror"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("mirror/out"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        const string name = "Acme.lib.text";
        var text = File.ReadAllText(tree.Path($"mirror/obj/Debug/net10.0/{name}.AssemblyInfo.cs"));
        PdbDocuments.Checksum(tree.Path($"out/{name}.pdb"), $"{name}.AssemblyInfo.cs").Should().Equal(PdbDocuments.Checksum(tree.Path($"mirror/out/{name}.pdb"), $"{name}.AssemblyInfo.cs"), text);
        Attributes(tree.Path($"out/{name}.dll")).Should().Equal(Attributes(tree.Path($"mirror/out/{name}.dll")));
    }

    [Fact]
    public void WithGenerateAssemblyInfoOffAProjectsOwnAssemblyInfoCompiles()
    {
        using var tree = new TempTree().Module("Acme", ", \"generateAssemblyInfo\": false");
        tree.File("cmd/app/main.cs", Program);
        tree.File("cmd/app/AssemblyInfo.cs", "[assembly: System.Reflection.AssemblyVersion(\"3.1.0.0\")]\n[assembly: System.Reflection.AssemblyCompany(\"Mine\")]");
        Mirror(tree, "<GenerateAssemblyInfo>false</GenerateAssemblyInfo>", "");
        File.Copy(tree.Path("cmd/app/AssemblyInfo.cs"), tree.Path("mirror/AssemblyInfo.cs"));
        var ours = CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        ProcessRunner.Run("dotnet", tree.Path("mirror"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("mirror/out")).ExitCode.Should().Be(0);
        ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Should().Be("3.1.0.0\n");
        // An executable also carries Crossbuild's build info (AssemblyMetadata); everything else is the same.
        Attributes(tree.Path("out/app.dll")).Where(a => !a.StartsWith("System.Reflection.AssemblyMetadataAttribute", StringComparison.Ordinal))
            .Should().Equal(Attributes(tree.Path("mirror/out/app.dll")));
    }

    [Fact]
    public void AReleaseStampsItsVersionIntoTheAssemblies()
    {
        using var tree = new TempTree().Module("Acme", ", \"version\": \"0.9.0\"");
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { }");
        var r = CliRunner.Run(tree.Root, "release", "./lib/...", "--version", "1.2.3-rc.1", "-o", "dist/");
        r.ExitCode.Should().Be(0, r.StdErr);
        using var nupkg = System.IO.Compression.ZipFile.OpenRead(tree.Path("dist/Acme.lib.text.1.2.3-rc.1.nupkg"));
        var dll = tree.Path("text.dll");
        nupkg.GetEntry("lib/net10.0/Acme.lib.text.dll")!.ExtractToFile(dll);
        AssemblyName.GetAssemblyName(dll).Version.Should().Be(new Version(1, 2, 3, 0));
        Attributes(dll).Should().Contain("System.Reflection.AssemblyInformationalVersionAttribute 1.2.3-rc.1");
    }

    [Theory]
    [InlineData("\"version\": \"one\"", "crossbuild.json:1:20: field \"version\" is \"one\", which is not a version such as 1.2.3 or 1.2.3-beta.1")]
    [InlineData("\"fileVersion\": \"1.2\"", "crossbuild.json:1:20: field \"fileVersion\" is \"1.2\", which is not a version of three or four numbers such as 1.2.3.0")]
    [InlineData("\"generateAssemblyInfo\": {\"colour\": false}", "crossbuild.json:1:20: field \"generateAssemblyInfo\" has \"colour\"; expected true or false for one of *")]
    [InlineData("\"company\": 1", "crossbuild.json:1:20: field \"company\" must be a string")]
    public void BadValuesAreOneLineAtTheField(string manifest, string message)
    {
        using var tree = new TempTree().Module("Acme", ", " + manifest);
        tree.File("main.cs", "System.Console.WriteLine(1);");
        CliRunner.Run(tree.Root, "build").StdErr.Trim().Should().Match(message);
    }

    private static void Mirror(TempTree tree, string properties, string items)
    {
        tree.File("mirror/app.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><AssemblyName>app</AssemblyName>
                <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>{properties}
              </PropertyGroup>
              <ItemGroup>{items}</ItemGroup>
            </Project>
            """);
        File.Copy(tree.Path("cmd/app/main.cs"), tree.Path("mirror/main.cs"));
    }

    // The assembly's version and each assembly-level attribute as "type value", in order.
    private static string[] Attributes(string dll)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(dll));
        var md = pe.GetMetadataReader();
        var list = new List<string> { "version " + md.GetAssemblyDefinition().Version };
        foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            var ctor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            var type = md.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            var name = md.GetString(type.Namespace) + "." + md.GetString(type.Name);
            var blob = md.GetBlobReader(attribute.Value);
            blob.ReadUInt16();
            var value = name.EndsWith("CompilationRelaxationsAttribute", StringComparison.Ordinal) || name.EndsWith("RuntimeCompatibilityAttribute", StringComparison.Ordinal)
                || name.EndsWith("DebuggableAttribute", StringComparison.Ordinal) ? "" : blob.ReadSerializedString();
            list.Add(name + " " + value);
        }
        return [.. list];
    }
}

/// <summary>The versions deps.json names projects and their files by, against <c>dotnet build</c>.</summary>
public class DepsVersionTests
{
    [Fact]
    public void DepsJsonHasThePackagesVersionsAsUnderDotnetBuild()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\", \"version\": \"2.1.0-beta.2\"}");
        tree.File("m/lib/text/crossbuild.json", "{\"name\": \"Acme.Text\", \"version\": \"3.4.5\", \"fileVersion\": \"3.4.5.6\"}");
        tree.File("m/cmd/app/crossbuild.json", "{\"name\": \"app\"}");
        foreach (var (app, lib) in new[] { ("m/cmd/app", "m/lib/text"), ("_sdk/app", "_sdk/text") })
        {
            tree.File(lib + "/t.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hi\"; }");
            tree.File(app + "/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi);");
        }
        tree.File("_sdk/text/Acme.Text.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
                <Version>3.4.5</Version><FileVersion>3.4.5.6</FileVersion></PropertyGroup>
            </Project>
            """);
        tree.File("_sdk/app/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
                <Version>2.1.0-beta.2</Version></PropertyGroup>
              <ItemGroup><ProjectReference Include="../text/Acme.Text.csproj" /></ItemGroup>
            </Project>
            """);
        var ours = CliRunner.Run(tree.Path("m"), "build", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("_sdk/app"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("sdkout"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        var deps = File.ReadAllText(tree.Path("sdkout/app.deps.json"));
        deps.Should().Contain("\"Acme.Text/3.4.5\"").And.Contain("\"fileVersion\": \"3.4.5.6\"").And.Contain("\"app/2.1.0-beta.2\"");
        File.ReadAllText(tree.Path("m/out/app.deps.json")).Should().Be(deps);
    }
}
