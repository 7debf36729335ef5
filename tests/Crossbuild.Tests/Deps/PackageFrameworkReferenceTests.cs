using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Deps;

/// <summary>
/// A NuGet package whose nuspec names a shared framework (<c>frameworkReferences</c>, as every package built on ASP.NET
/// Core has) brings that framework to what uses it: its reference pack to the compile, both frameworks to
/// runtimeconfig.json, byte for byte as <c>dotnet build</c> writes it.
/// </summary>
public class PackageFrameworkReferenceTests
{
    private const string Main = "System.Console.WriteLine(Microsoft.AspNetCore.Http.StatusCodes.Status200OK + \" \" + Acme.Web.W.Name);";

    [Fact]
    public void APackagesFrameworkReferenceReachesTheCompileAndTheRuntimeConfig()
    {
        var package = new TestPackage("Acme.Web", "1.0.0")
            .Lib("net10.0", "namespace Acme.Web { public static class W { public static string Name => \"acme\"; } }")
            .FrameworkReferences("net10.0", "Microsoft.AspNetCore.App");
        using var m = new PackageModule("\"Acme.Web\": \"1.0.0\"", Main).With(package);
        m.Env["NUGET_PACKAGES"] = m.Tree.Path("_global");
        m.BuildAndRun().Should().Be("200 acme");

        m.Tree.File("_sdk/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><PackageReference Include="Acme.Web" Version="1.0.0" /></ItemGroup>
            </Project>
            """);
        m.Tree.File("_sdk/main.cs", Main);
        var theirs = ProcessRunner.Run("dotnet", m.Tree.Path("_sdk"), m.Env, "build", "-nologo", "-p:UseSharedCompilation=false", "-o", m.Tree.Path("sdkout"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        File.ReadAllText(m.Tree.Path("out/app.runtimeconfig.json")).Should().Be(File.ReadAllText(m.Tree.Path("sdkout/app.runtimeconfig.json")))
            .And.Contain("Microsoft.AspNetCore.App");
    }
}
