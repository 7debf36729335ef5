using Crossbuild.Diagnostics;
using Crossbuild.GitHub;

namespace Crossbuild.Tests.GitHub;

/// <summary>Workflow-command escaping and annotations, by the runner's rules.</summary>
public class WorkflowCommandsTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("100%", "100%25")]
    [InlineData("a\r\nb", "a%0D%0Ab")]
    [InlineData("%0A is not a newline", "%250A is not a newline")]
    [InlineData("colons: and, commas stay", "colons: and, commas stay")]
    public void DataEscapesPercentCarriageReturnAndLineFeed(string value, string expected) =>
        WorkflowCommands.EscapeData(value).Should().Be(expected);

    [Theory]
    [InlineData("src/a.cs", "src/a.cs")]
    [InlineData("C:/x,y.cs", "C%3A/x%2Cy.cs")]
    [InlineData("50%\n", "50%25%0A")]
    public void PropertiesAlsoEscapeColonAndComma(string value, string expected) =>
        WorkflowCommands.EscapeProperty(value).Should().Be(expected);

    [Fact]
    public void ADiagnosticBecomesAnAnnotationOnItsFile()
    {
        var error = new BuildDiagnostic("error", "CS0103", "The name 'x' does not exist: 100%\nnext", "/repo/lib/a,b/c.cs", 3, 14, "lib/a,b");
        WorkflowCommands.Annotation(error, "/repo").Should()
            .Be("::error file=lib/a%2Cb/c.cs,line=3,col=14,title=CS0103::The name 'x' does not exist: 100%25%0Anext");
        var warning = new BuildDiagnostic("warning", "CS8019", "Unnecessary using", null, 0, 0, "lib");
        WorkflowCommands.Annotation(warning, "/repo").Should().Be("::warning title=CS8019::Unnecessary using");
        WorkflowCommands.Group("net10.0/linux-x64/Debug: lib/a (compiled)").Should().Be("::group::net10.0/linux-x64/Debug: lib/a (compiled)");
    }

    [Fact]
    public void TheManifestsRunnersOverrideTheHostedOnes()
    {
        using var tree = new Support.TempTree();
        tree.File("crossbuild.json", "{\"module\": \"M\", \"matrix\": {\"runtimes\": [\"linux-x64\", \"linux-arm64\"], \"runners\": {\"linux-arm64\": \"self-hosted-arm\"}}}");
        tree.File("main.cs", "System.Console.WriteLine(1);");
        var plan = Support.CliRunner.Run(tree.Root, "plan", "--matrix");
        plan.ExitCode.Should().Be(0, plan.StdErr);
        plan.StdOut.Trim().Should().Be("{\"include\":[{\"rid\":\"linux-x64\",\"runner\":\"ubuntu-latest\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"linux-x64\"},{\"rid\":\"linux-arm64\",\"runner\":\"self-hosted-arm\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"linux-arm64\"}]}");
        tree.File("crossbuild.json", "{\"module\": \"M\",\n  \"matrix\": {\"runtimes\": [\"linux-x64\"], \"runners\": {\"linux-x64\": \"\"}}}");
        Support.CliRunner.Run(tree.Root, "plan", "--matrix").StdErr.Trim().Should().Be("crossbuild.json:2:3: matrix: runners: \"linux-x64\" must name a runner label");
    }

    [Fact]
    public void TheMatrixGivesEachRuntimeARunnerOfItsOwn() =>
        RunnerMatrix.Json(["linux-x64", "linux-arm64", "osx-x64", "osx-arm64", "win-x64", "linux-x64"]).Should().Be(
            "{\"include\":[{\"rid\":\"linux-x64\",\"runner\":\"ubuntu-latest\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"linux-x64\"},{\"rid\":\"linux-arm64\",\"runner\":\"ubuntu-24.04-arm\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"linux-arm64\"}," +
            "{\"rid\":\"osx-x64\",\"runner\":\"macos-15-intel\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"osx-x64\"},{\"rid\":\"osx-arm64\",\"runner\":\"macos-latest\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"osx-arm64\"},{\"rid\":\"win-x64\",\"runner\":\"windows-latest\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"win-x64\"}]}");

    // A matrix's outputs are legs of their own, each on its runtime's runner, with the flags that ask for it.
    [Fact]
    public void EachOutputOfTheMatrixIsALegWithItsFlags()
    {
        using var tree = new Support.TempTree();
        tree.File("crossbuild.json", """
            { "module": "M", "matrix": { "runtimes": ["linux-x64", "osx-arm64"], "outputs": [[], ["aot"], ["self-contained", "trim"]],
                                         "exclude": [{ "runtime": "osx-arm64", "outputs": ["self-contained", "trim"] }] } }
            """);
        tree.File("main.cs", "System.Console.WriteLine(1);");
        var plan = Support.CliRunner.Run(tree.Root, "plan", "--matrix");
        plan.ExitCode.Should().Be(0, plan.StdErr);
        plan.StdOut.Trim().Should().Be("{\"include\":[{\"rid\":\"linux-x64\",\"runner\":\"ubuntu-latest\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"linux-x64\"},{\"rid\":\"linux-x64\",\"runner\":\"ubuntu-latest\",\"output\":\"aot\",\"flags\":\"--aot\",\"leg\":\"linux-x64-aot\"}," +
            "{\"rid\":\"linux-x64\",\"runner\":\"ubuntu-latest\",\"output\":\"self-contained+trim\",\"flags\":\"--self-contained --trim\",\"leg\":\"linux-x64-self-contained+trim\"},{\"rid\":\"osx-arm64\",\"runner\":\"macos-latest\",\"output\":\"default\",\"flags\":\"\",\"leg\":\"osx-arm64\"},{\"rid\":\"osx-arm64\",\"runner\":\"macos-latest\",\"output\":\"aot\",\"flags\":\"--aot\",\"leg\":\"osx-arm64-aot\"}]}");
    }
}
