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

        m.DotnetBuild(Main, ("Acme.Web", "1.0.0"));
        File.ReadAllText(m.Tree.Path("out/app.runtimeconfig.json")).Should().Be(File.ReadAllText(m.Tree.Path("sdkout/app.runtimeconfig.json")))
            .And.Contain("Microsoft.AspNetCore.App");
    }
}
