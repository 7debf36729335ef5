using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// A .NET Standard 2.0 library (<c>"framework": "netstandard2.0"</c>) against <c>dotnet build</c> of the same csproj:
/// references, attributes and generated sources; released, restored by a net10.0 project from the release folder, and run.
/// </summary>
public class NetStandardTests
{
    private const string Library = """
        namespace Acme.Text
        {
            public static class T
            {
        #if NETSTANDARD2_0 && NETSTANDARD1_6_OR_GREATER && !NET
                public static string Hi => "hi from netstandard2.0";
        #else
                public static string Hi => "wrong symbols";
        #endif
            }
        }
        """;

    private static Dictionary<string, string> GlobalFolderEnv(TempTree tree)
    {
        var env = LocalFeed.AddTo(tree);
        // NETStandard.Library comes from the global packages folder the test project restored it into.
        var nupkg = RestoredPackage.Nupkg("NETStandard.Library", "2.0.3")!;
        env["NUGET_PACKAGES"] = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(nupkg)!)!)!;
        return env;
    }

    [RestoredPackageFact("NETStandard.Library", "2.0.3")]
    public void ANetStandardLibraryIsTheSdksAndRunsOnNet10()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\", \"framework\": \"netstandard2.0\"}");
        tree.File("m/lib/text/crossbuild.json", "{\"name\": \"Acme.Text\"}");
        tree.File("m/lib/text/t.cs", Library);
        var env = GlobalFolderEnv(tree);
        var release = CliRunner.Run(tree.Path("m"), env, "release", "./lib/...", "--version", "1.0.0", "-o", "dist/");
        release.ExitCode.Should().Be(0, release.StdErr);
        using (var nupkg = ZipFile.OpenRead(tree.Path("m/dist/Acme.Text.1.0.0.nupkg")))
        {
            nupkg.Entries.Select(e => e.FullName).Should().Contain("lib/netstandard2.0/Acme.Text.dll");
            nupkg.GetEntry("lib/netstandard2.0/Acme.Text.dll")!.ExtractToFile(tree.Path("ours.dll"));
        }

        tree.File("_sdk/text/t.cs", Library);
        tree.File("_sdk/text/Acme.Text.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>netstandard2.0</TargetFramework><Version>1.0.0</Version></PropertyGroup></Project>");
        var sdk = ProcessRunner.Run("dotnet", tree.Path("_sdk/text"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("sdkout"));
        sdk.ExitCode.Should().Be(0, sdk.StdOut);
        Facts(tree.Path("ours.dll")).Should().BeEquivalentTo(Facts(tree.Path("sdkout/Acme.Text.dll")), o => o.WithStrictOrdering());

        // A net10.0 app restores it from the release folder, as it would from a feed.
        tree.File("_app/nuget.config", $"""
            <configuration><packageSources><clear /><add key="dist" value="{tree.Path("m/dist")}" /></packageSources></configuration>
            """);
        tree.File("_app/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi);");
        tree.File("_app/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><PackageReference Include="Acme.Text" Version="1.0.0" /></ItemGroup>
            </Project>
            """);
        var appEnv = new Dictionary<string, string> { ["NUGET_PACKAGES"] = tree.Path("_app-packages") };
        var run = ProcessRunner.Run("dotnet", tree.Path("_app"), appEnv, "run", "-nologo");
        run.ExitCode.Should().Be(0, run.StdOut + run.StdErr);
        run.StdOut.Trim().Should().Be("hi from netstandard2.0");
    }

    private const string FrameworkLibrary = """
        namespace Acme.Text
        {
            public static class T
            {
        #if NETFRAMEWORK && NET48 && NET472_OR_GREATER && !NET481_OR_GREATER && !NETSTANDARD
                public static string Hi => "hi from net48 " + typeof(System.Xml.Linq.XElement).Name;
        #else
                public static string Hi => "wrong symbols";
        #endif
            }
        }
        """;

    [RestoredPackageFact("Microsoft.NETFramework.ReferenceAssemblies.net48", "1.0.3")]
    public void ANetFrameworkLibraryIsTheSdks()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\", \"framework\": \"net48\"}");
        tree.File("m/lib/text/crossbuild.json", "{\"name\": \"Acme.Text\"}");
        tree.File("m/lib/text/t.cs", FrameworkLibrary);
        var env = LocalFeed.AddTo(tree);
        var nupkg = RestoredPackage.Nupkg("Microsoft.NETFramework.ReferenceAssemblies.net48", "1.0.3")!;
        env["NUGET_PACKAGES"] = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(nupkg)!)!)!;
        var release = CliRunner.Run(tree.Path("m"), env, "release", "./lib/...", "--version", "1.0.0", "-o", "dist/");
        release.ExitCode.Should().Be(0, release.StdErr);
        using (var zip = ZipFile.OpenRead(tree.Path("m/dist/Acme.Text.1.0.0.nupkg")))
            zip.GetEntry("lib/net48/Acme.Text.dll")!.ExtractToFile(tree.Path("ours.dll"));
        tree.File("_sdk/text/t.cs", FrameworkLibrary);
        tree.File("_sdk/text/Acme.Text.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net48</TargetFramework><Version>1.0.0</Version></PropertyGroup></Project>");
        var sdk = ProcessRunner.Run("dotnet", tree.Path("_sdk/text"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("sdkout"));
        sdk.ExitCode.Should().Be(0, sdk.StdOut);
        Facts(tree.Path("ours.dll")).Should().BeEquivalentTo(Facts(tree.Path("sdkout/Acme.Text.dll")), o => o.WithStrictOrdering());
        using var pe = new PEReader(File.OpenRead(tree.Path("ours.dll")));
        pe.PEHeaders.PEHeader!.MajorSubsystemVersion.Should().Be(6, "the SDK passes /subsystemversion:6.00 for .NET Framework");
    }

    [Fact]
    public void AnExecutableCannotTargetNetStandard()
    {
        using var tree = new TempTree().Module("Acme", ", \"framework\": \"netstandard2.0\"");
        tree.File("cmd/app/main.cs", "class P { static void Main() { } }");
        var r = CliRunner.Run(tree.Root, "build", "./cmd/app");
        r.ExitCode.Should().Be(1);
        r.StdErr.Trim().Should().Be("crossbuild: cmd/app: an executable needs a .NET framework (netN.M); netstandard2.0 is for libraries");
    }

    // What fidelity compares: the assembly references and the assembly's attributes.
    private static string[] Facts(string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        var md = pe.GetMetadataReader();
        var refs = md.AssemblyReferences.Select(md.GetAssemblyReference).Select(r => $"ref {md.GetString(r.Name)} {r.Version}");
        var attributes = md.GetAssemblyDefinition().GetCustomAttributes().Select(md.GetCustomAttribute).Select(a =>
        {
            var ctor = md.GetMemberReference((MemberReferenceHandle)a.Constructor);
            return "attribute " + md.GetString(md.GetTypeReference((TypeReferenceHandle)ctor.Parent).Name) + " " + Convert.ToHexString(md.GetBlobBytes(a.Value));
        }).Order(StringComparer.Ordinal);
        return [.. refs, .. attributes];
    }
}
