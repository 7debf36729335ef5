using System.IO.Compression;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Deps;

/// <summary>Bad packages and bad declarations: one clear line, exit 1, nothing half-written in the global folder.</summary>
public class BadPackageTests
{
    private static void ShouldFail(PackageModule m, string expected)
    {
        var build = m.Cli("build", "-o", "out/", "./app");
        build.ExitCode.Should().Be(1);
        build.StdErr.Trim().Should().Be(expected);
        m.Lock.Should().BeNull();
        Directory.Exists(m.Tree.Path("out")).Should().BeFalse();
    }

    [Fact]
    public void AnUnknownPackageListsTheSourcesTried()
    {
        using var m = new PackageModule("\"Nope\": \"1.0.0\"");
        ShouldFail(m, $"crossbuild: package Nope (>= 1.0.0) not found: no version of it exists; sources tried: {m.Tree.Path("feed")}");
    }

    [Fact]
    public void AnUnknownVersionListsTheVersionsThereAre()
    {
        using var m = new PackageModule("\"A\": \"[2.0.0, 3.0.0)\"")
            .With(new TestPackage("A", "1.0.0").Lib("net8.0", "public class A {}"), new TestPackage("A", "3.0.0").Lib("net8.0", "public class A {}"));
        ShouldFail(m, $"crossbuild: package A (>= 2.0.0 && < 3.0.0) not found: available versions: 1.0.0, 3.0.0; sources tried: {m.Tree.Path("feed")}");
    }

    [Fact]
    public void APackageWithoutACompatibleFrameworkNamesTheFrameworksItHas()
    {
        using var m = new PackageModule("\"Old\": \"1.0.0\"")
            .With(new TestPackage("Old", "1.0.0").Lib("net48", "public class Old {}").Lib("net472", "public class Old {}"));
        ShouldFail(m, "crossbuild: package Old 1.0.0 is not compatible with net10.0; it supports: net472, net48");
    }

    [Fact]
    public void ACorruptPackageIsRefused()
    {
        using var m = new PackageModule("\"Bad\": \"1.0.0\"");
        m.Tree.Bytes("feed/Bad.1.0.0.nupkg", "this is not a zip archive"u8.ToArray());
        var build = m.Cli("build", "-o", "out/", "./app");
        build.ExitCode.Should().Be(1);
        build.StdErr.Trim().Should().StartWith("crossbuild: ").And.Contain("Bad").And.NotContain("\n").And.NotContain("   at ");
        Directory.Exists(m.Tree.Path("global/bad")).Should().BeFalse();
        m.Lock.Should().BeNull();
    }

    [Theory]
    [InlineData("../../evil.txt", "leads outside the package folder")]
    [InlineData("/tmp/evil.txt", "is an absolute path")]
    [InlineData("lib/../../evil.txt", "leads outside the package folder")]
    public void AnEntryThatLeavesThePackageFolderIsRefused(string entry, string why)
    {
        using var m = new PackageModule("\"Evil\": \"1.0.0\"");
        using (var zip = ZipFile.Open(m.Tree.Path("feed/Evil.1.0.0.nupkg"), ZipArchiveMode.Create))
        {
            using (var nuspec = new StreamWriter(zip.CreateEntry("Evil.nuspec").Open()))
                nuspec.Write("""
                    <?xml version="1.0" encoding="utf-8"?>
                    <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                      <metadata><id>Evil</id><version>1.0.0</version><authors>x</authors><description>x</description></metadata>
                    </package>
                    """);
            using (var evil = new StreamWriter(zip.CreateEntry(entry).Open()))
                evil.Write("pwned");
        }
        ShouldFail(m, $"crossbuild: package Evil 1.0.0 from {m.Tree.Path("feed")}: refusing the package: entry \"{entry}\" {why}");
        Directory.Exists(m.Tree.Path("global/evil")).Should().BeFalse();
        File.Exists(m.Tree.Path("evil.txt")).Should().BeFalse();
        File.Exists(Path.Combine(Path.GetDirectoryName(m.Tree.Root)!, "evil.txt")).Should().BeFalse();
    }

    [Theory]
    [InlineData("\"packages\": [\"A\"]", "3:3: field \"packages\" must be an object of package IDs to versions, e.g. {\"Newtonsoft.Json\": \"13.0.3\"}")]
    [InlineData("\"packages\": { \"A\": \"one\" }", "3:3: package A: \"one\" is not a version or version range (e.g. \"13.0.3\" or \"[4.0,5.0)\")")]
    [InlineData("\"packages\": { \"A\": \"1.*\" }", "3:3: package A: \"1.*\" is not a version or version range (e.g. \"13.0.3\" or \"[4.0,5.0)\")")]
    [InlineData("\"packages\": { \"A\": \"(, 2.0)\" }", "3:3: package A: range \"(, 2.0)\" needs a lower bound")]
    [InlineData("\"packages\": { \"no way\": \"1.0\" }", "3:3: \"no way\" is not a valid NuGet package ID")]
    public void ABadDeclarationIsAnErrorAtItsField(string field, string expected)
    {
        using var tree = new TempTree().File("crossbuild.json", "{\n  \"module\": \"App\",\n  " + field + "\n}");
        tree.File("app/main.cs", "System.Console.WriteLine(1);");
        var build = CliRunner.Run(tree.Root, "build", "-o", "out/", "./app");
        build.ExitCode.Should().Be(1);
        build.StdErr.Trim().Should().Be("crossbuild.json:" + expected);
    }
}
