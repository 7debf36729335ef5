using System.Text;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Deps;

/// <summary>
/// Source-only packages (<c>contentFiles/cs/&lt;tfm&gt;/…</c>): built in the test into a local feed, compiled into the
/// package that asks for them as restore and the SDK do, and checked against <c>dotnet build</c> of a consumer.
/// </summary>
public class SourcePackageTests
{
    private static TestPackage Sources() => new TestPackage("Acme.Sources", "1.0.0")
        .File("contentFiles/cs/net8.0/Acme.Sources/Polyfill.cs", Encoding.UTF8.GetBytes(
            "namespace Acme.Sources { internal static class Polyfill { public static string Hi => \"from a source package\"; } }\n"))
        .File("contentFiles/cs/net8.0/Acme.Sources/Modern.cs", Encoding.UTF8.GetBytes(
            "namespace Acme.Sources { internal static class Modern { public const string Tfm = \"net8.0 and later\"; } }\n"))
        .File("contentFiles/cs/net8.0/Acme.Sources/readme.txt", Encoding.UTF8.GetBytes("not compiled: a text file"))
        .File("contentFiles/cs/net8.0/config/sources.json", Encoding.UTF8.GetBytes("{\"copied\": true}"))
        .File("contentFiles/cs/net8.0/Acme.Sources/Skipped.cs", Encoding.UTF8.GetBytes("this would not compile"))
        // Not the nearest framework's group for net10.0: left out.
        .File("contentFiles/cs/netstandard2.0/Acme.Sources/Legacy.cs", Encoding.UTF8.GetBytes("this would not compile either"))
        .ContentFiles("cs/*/config/*.json", buildAction: "None", copyToOutput: true)
        .ContentFiles("cs/net8.0/Acme.Sources/Skipped.cs", buildAction: "None")
        .ContentFiles("cs/net8.0/**/*.txt", buildAction: "None");

    private const string Main = "System.Console.WriteLine(Acme.Sources.Polyfill.Hi + \", \" + Acme.Sources.Modern.Tfm);";

    // Packages extracted under "_global", which the module skips: source files in the global folder are not packages.
    private static PackageModule Module(string packages, string main)
    {
        var m = main.Length == 0 ? new PackageModule(packages) : new PackageModule(packages, main);
        m.Env["NUGET_PACKAGES"] = m.Tree.Path("_global");
        return m;
    }

    [Fact]
    public void ASourcePackagesFilesCompileIntoItsUserAsUnderDotnetBuild()
    {
        using var m = Module("\"Acme.Sources\": \"1.0.0\"", Main).With(Sources());
        var ours = m.BuildAndRun();
        ours.Should().Be("from a source package, net8.0 and later");
        File.ReadAllText(m.Tree.Path("out/config/sources.json")).Should().Be("{\"copied\": true}");

        m.DotnetBuild(Main, ("Acme.Sources", "1.0.0"));
        ProcessRunner.Run("dotnet", m.Tree.Root, m.Tree.Path("sdkout/app.dll")).StdOut.Trim().Should().Be(ours);
        File.Exists(m.Tree.Path("sdkout/config/sources.json")).Should().BeTrue("the SDK copies it too");
        PdbDocuments.Names(m.Tree.Path("out/app.pdb")).Select(Path.GetFileName).Should().Contain(["Polyfill.cs", "Modern.cs"]).And.NotContain("Skipped.cs");
    }

    [Fact]
    public void ASourcePackageDoesNotFlowToImporters()
    {
        using var m = Module("\"Acme.Other\": \"1.0.0\"", "").With(Sources(),
            new TestPackage("Acme.Other", "1.0.0").File("lib/net10.0/_._", []));
        m.Tree.File("lib/text/crossbuild.json", "{\"packages\": {\"Acme.Sources\": \"1.0.0\"}}");
        m.Tree.File("lib/text/t.cs", "namespace App.Text; public static class T { public static string Hi => Acme.Sources.Polyfill.Hi; }");
        m.Tree.File("app/main.cs", "System.Console.WriteLine(App.Text.T.Hi);");
        m.BuildAndRun().Should().Be("from a source package");
        // The app compiled without the package's sources: internal in lib/text, invisible to it, and not duplicated.
        m.Tree.File("app/main.cs", "System.Console.WriteLine(App.Text.T.Hi + Acme.Sources.Polyfill.Hi);");
        var r = m.Cli("build", "-o", "out/", "./app");
        r.ExitCode.Should().Be(1);
        r.StdErr.Should().Contain("error CS0122"); // inaccessible due to its protection level: lib/text's internal copy
    }
}
