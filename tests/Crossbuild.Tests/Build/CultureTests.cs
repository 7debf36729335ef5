using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>What Crossbuild compiles does not depend on its own runtime settings: a source generator that needs
/// culture data works as under <c>dotnet build</c>.</summary>
public class CultureTests
{
    [Fact]
    public void ACultureDependentGeneratedRegexCompilesAndRuns()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("cmd/app/main.cs", """
            using System.Text.RegularExpressions;
            System.Console.WriteLine(Patterns.Word().IsMatch("HELLO"));
            static partial class Patterns
            {
                [GeneratedRegex("hello", RegexOptions.IgnoreCase, "en-US")]
                public static partial Regex Word();
            }
            """);
        var r = CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/app");
        r.ExitCode.Should().Be(0, r.StdErr);
        r.StdErr.Should().NotContain("SYSLIB1042");
        ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Should().Be("True\n");
    }
}
