using System.Text;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Cli;

/// <summary>
/// No input crashes the tool: bad text in manifests, lock files and nuget.config, empty flag values, usage errors
/// and bugs each end in one line and a distinct exit code (1 input or build, 2 usage, 3 internal); never a stack trace.
/// </summary>
public class BadInputTests
{
    private static TempTree Module()
    {
        var tree = new TempTree().Module("Acme");
        tree.File("main.cs", "System.Console.WriteLine(1);");
        return tree;
    }

    private static void OneLine(ProcessRunner.Result r, int exitCode, string pattern)
    {
        r.ExitCode.Should().Be(exitCode, r.StdErr);
        r.StdErr.Should().NotContain("   at ").And.NotContain("Unhandled exception");
        r.StdErr.TrimEnd('\n').Split('\n').Should().ContainSingle().Which.Should().Match(pattern);
    }

    [Fact]
    public void AManifestThatIsNotUtf8IsOneLineAtTheByte()
    {
        using var tree = Module();
        tree.Bytes("crossbuild.json", [.. "{\"module\": \"Acme\",\n \"nullable\": \"en"u8, 0xFF, 0xFE, .. "\"}"u8]);
        OneLine(CliRunner.Run(tree.Root, "build"), 1, "crossbuild.json:2:17: text is not valid UTF-8 (byte 0xFF)");
    }

    [Fact]
    public void TheApiThrowsTheSameOneLineErrorForHostsToShow()
    {
        using var tree = Module();
        tree.Bytes("crossbuild.json", [.. "{\"module\": \"Acme\",\n \"nullable\": \"en"u8, 0xFF, .. "\"}"u8]);
        var build = () => CrossbuildTasks.Build(s => s.SetWorkingDirectory(tree.Root).SetCacheDirectory(tree.Path("cache")));
        build.Should().Throw<Crossbuild.Diagnostics.CrossbuildException>().WithMessage("crossbuild.json:2:17: text is not valid UTF-8 (byte 0xFF)");
        var stamp = () => CrossbuildTasks.Stamp(new CrossbuildSettings().SetWorkingDirectory(tree.Root), "Compile");
        stamp.Should().Throw<Crossbuild.Diagnostics.CrossbuildException>().WithMessage("crossbuild.json:2:17: *");
    }

    [Fact]
    public void ALoneSurrogateEscapeIsOneLineAtTheString()
    {
        using var tree = Module();
        tree.File("crossbuild.json", "{\"module\": \"Acme\",\n  \"nullable\": \"\\ud800\"}");
        OneLine(CliRunner.Run(tree.Root, "list"), 1, "crossbuild.json:2:15: string is not valid Unicode*");
    }

    [Fact]
    public void ALockFileThatIsNotUtf8IsOneLine()
    {
        using var tree = Module();
        tree.Bytes("crossbuild.lock.json", [.. "{\"version\": 1, \"x\": \""u8, 0xC3, 0x28, .. "\"}"u8]);
        OneLine(CliRunner.Run(tree.Root, "build"), 1, "crossbuild.lock.json:1:22: text is not valid UTF-8 (byte 0xC3)");
    }

    [Fact]
    public void ANugetConfigThatIsNotXmlIsOneLineWithItsPosition()
    {
        using var tree = new TempTree().Module("Acme", ", \"packages\": { \"Some.Package\": \"1.0.0\" }");
        tree.File("main.cs", "System.Console.WriteLine(1);");
        tree.File("nuget.config", "<configuration>\n  <packageSources>\n    <add key=\"x\" value=\"y\" \n</configuration>\n");
        var r = CliRunner.Run(tree.Root, new Dictionary<string, string> { ["NUGET_PACKAGES"] = tree.Path("global") }, "build");
        OneLine(r, 1, "*nuget.config:*:*: invalid nuget.config: *");
    }

    [Theory]
    [InlineData("list", "-r", "", "crossbuild: -r: empty runtime identifier")]
    [InlineData("build", "--tags", "fancy,,x", "crossbuild: invalid tag \"\" in --tags*")]
    [InlineData("build", "-c", "", "crossbuild: unknown configuration \"\"; expected Debug or Release")]
    public void AnEmptyValueNamesItsFlag(string verb, string flag, string value, string message)
    {
        using var tree = Module();
        OneLine(CliRunner.Run(tree.Root, verb, flag, value), 1, message);
    }

    [Theory]
    [InlineData("CROSSBUILD_CACHE", "crossbuild: build cache * (set --cache-dir or CROSSBUILD_CACHE to a folder)")]
    [InlineData("GITHUB_STEP_SUMMARY", "crossbuild: GITHUB_STEP_SUMMARY=*: cannot write it: *")]
    public void AnEnvironmentVariableThatNamesAnUnusablePathIsOneLine(string variable, string message)
    {
        using var tree = Module();
        tree.File("a-file", "x");
        var env = new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path("cache") };
        env[variable] = variable == "CROSSBUILD_CACHE" ? tree.Path("a-file") : tree.Path("a-file/below");
        if (variable.StartsWith("GITHUB", StringComparison.Ordinal)) env["GITHUB_ACTIONS"] = "true";
        var r = CliRunner.Run(tree.Root, env, "build");
        r.ExitCode.Should().Be(1, r.StdErr);
        r.StdErr.Should().NotContain("   at ");
        r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("::", StringComparison.Ordinal))
            .Should().ContainSingle().Which.Should().Match(message);
    }

    [Theory]
    [InlineData("build", "--no-such-flag")]
    [InlineData("frobnicate")]
    [InlineData("build", "-p")]
    public void AUsageErrorExitsWithTwo(params string[] args)
    {
        using var tree = Module();
        var r = CliRunner.Run(tree.Root, args);
        r.ExitCode.Should().Be(2, r.StdErr);
        r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().OnlyContain(l => l.StartsWith("crossbuild: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("build", "--help")]
    [InlineData("test", "-h")]
    public void HelpCallsTheCommandCrossbuild(params string[] args)
    {
        // However it is started (here the DLL through the dotnet host), the command is crossbuild.
        using var tree = Module();
        var r = CliRunner.Run(tree.Root, args);
        r.ExitCode.Should().Be(0, r.StdErr);
        r.StdOut.Should().MatchRegex(@"Usage:\s+crossbuild( \w+)? ").And.NotContain("Crossbuild.Cli");
    }

    [Fact]
    public void ABugIsOneLineWithExitCodeThreeAndItsStackTraceInACrashLog()
    {
        using var tree = Module();
        var cache = tree.Path("cache");
        var r = CliRunner.Run(tree.Root, new Dictionary<string, string> { ["CROSSBUILD_INTERNAL_ERROR_TEST"] = "1", ["CROSSBUILD_CACHE"] = cache }, "build");
        OneLine(r, 3, "crossbuild: internal error: System.InvalidOperationException: deliberate internal error (CROSSBUILD_INTERNAL_ERROR_TEST=1) (details in *)");
        var log = r.StdErr.Trim()[(r.StdErr.IndexOf("(details in ", StringComparison.Ordinal) + 12)..^1];
        log.Should().StartWith(Path.Combine(cache, "crash"));
        File.ReadAllText(log).Should().Contain("at Crossbuild.Cli.CliApp.Guard");
    }
}
