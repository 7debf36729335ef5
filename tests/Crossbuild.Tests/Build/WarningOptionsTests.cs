using System.Text.RegularExpressions;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// <c>noWarn</c>, <c>warningsAsErrors</c> (true or a list), <c>warningsNotAsErrors</c>, <c>warningLevel</c> and
/// <c>checkForOverflowUnderflow</c> against <c>dotnet build</c> of a csproj with the same properties: the same
/// diagnostics with the same severities, the same success, and the same behaviour when run.
/// </summary>
public partial class WarningOptionsTests
{
    // CS8602 (nullable), CS0168 (unused variable), CS8981 (warning wave 7: a lower-case type name), and an overflow.
    private const string Program = """
        string? s = args.Length > 5 ? "x" : null;
        if (args.Length > 5) System.Console.WriteLine(s.Length);
        int unused;
        int big = int.MaxValue, one = int.Parse("1");
        try { System.Console.WriteLine(big + one); } catch (System.OverflowException) { System.Console.WriteLine("overflow"); }
        class lowercase { }
        """;

    public static TheoryData<string, string> Cases => new()
    {
        { "\"warningsAsErrors\": true", "<TreatWarningsAsErrors>true</TreatWarningsAsErrors>" },
        { "\"warningsAsErrors\": true, \"noWarn\": [\"CS8602\"], \"warningsNotAsErrors\": [\"CS0168\", \"CS8981\"]",
          "<TreatWarningsAsErrors>true</TreatWarningsAsErrors><NoWarn>$(NoWarn);CS8602</NoWarn><WarningsNotAsErrors>CS0168;CS8981</WarningsNotAsErrors>" },
        { "\"warningsAsErrors\": [\"8602\"]", "<WarningsAsErrors>$(WarningsAsErrors);8602</WarningsAsErrors>" },
        { "\"warningsAsErrors\": [\"nullable\"], \"noWarn\": [\"0168\"]", "<WarningsAsErrors>$(WarningsAsErrors);nullable</WarningsAsErrors><NoWarn>$(NoWarn);0168</NoWarn>" },
        { "\"checkForOverflowUnderflow\": true", "<CheckForOverflowUnderflow>true</CheckForOverflowUnderflow>" },
        { "\"warningLevel\": 4", "<WarningLevel>4</WarningLevel>" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheSameDiagnosticsSeveritiesAndBehaviourAsDotnetBuild(string manifest, string properties)
    {
        using var tree = new TempTree().Module("Acme", ", " + manifest);
        tree.File("cmd/app/main.cs", Program);
        const string framework = "net10.0";
        tree.File("mirror/app.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>{framework}</TargetFramework><AssemblyName>app</AssemblyName>
                <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>{properties}
              </PropertyGroup>
            </Project>
            """);
        File.Copy(tree.Path("cmd/app/main.cs"), tree.Path("mirror/main.cs"));

        var ours = CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/app");
        var theirs = ProcessRunner.Run("dotnet", tree.Path("mirror"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("mirror/out"));
        Codes(ours.StdErr).Should().NotBeEmpty().And.BeEquivalentTo(Codes(theirs.StdOut + theirs.StdErr), manifest);
        (ours.ExitCode == 0).Should().Be(theirs.ExitCode == 0, ours.StdErr);
        if (ours.ExitCode == 0)
            ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Should().Be(ProcessRunner.Run("dotnet", tree.Root, tree.Path("mirror/out/app.dll")).StdOut);
    }

    [Theory]
    [InlineData("\"noWarn\": \"CS8602\"", "crossbuild.json:1:20: field \"noWarn\" must be an array of strings")]
    [InlineData("\"noWarn\": [\"CS 8602\"]", "crossbuild.json:1:20: field \"noWarn\" has \"CS 8602\", which is not a warning code (such as CS8602)")]
    [InlineData("\"warningsAsErrors\": \"yes\"", "crossbuild.json:1:20: field \"warningsAsErrors\" must be true, false or an array of warning codes")]
    [InlineData("\"warningLevel\": -1", "crossbuild.json:1:20: field \"warningLevel\" must be a whole number from 0 to 9999")]
    [InlineData("\"checkForOverflowUnderflow\": 1", "crossbuild.json:1:20: field \"checkForOverflowUnderflow\" must be true or false")]
    public void BadValuesAreOneLineAtTheField(string manifest, string message)
    {
        using var tree = new TempTree().Module("Acme", ", " + manifest);
        tree.File("main.cs", "System.Console.WriteLine(1);");
        var r = CliRunner.Run(tree.Root, "build");
        r.ExitCode.Should().Be(1);
        r.StdErr.Trim().Should().Be(message);
    }

    [Fact]
    public void AChangedWarningOptionRecompiles()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("main.cs", "int unused; System.Console.WriteLine(1);");
        CliRunner.Run(tree.Root, "build", "-v").StdErr.Should().Contain("warning CS0168");
        tree.File("crossbuild.json", "{\"module\": \"Acme\", \"noWarn\": [\"CS0168\"]}");
        var r = CliRunner.Run(tree.Root, "build", "-v");
        r.StdErr.Should().StartWith(".").And.NotContain("CS0168", "the option is in the compile's key, so the cached warning is not replayed");
    }

    private static IReadOnlyCollection<string> Codes(string output) =>
        DiagnosticPattern().Matches(output).Select(m => m.Groups[1].Value + " " + m.Groups[2].Value).ToHashSet();

    [GeneratedRegex(@"\b(warning|error) (CS\d{4}):")]
    private static partial Regex DiagnosticPattern();
}
