using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Hosts;

/// <summary>samples/script/build.cs, a .NET 10 file-based script over the core API, run as a user runs it.</summary>
public class ScriptSampleTests
{
    private static string Script => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples/script"));

    [Fact]
    public void TheScriptBuildsHelloThroughTheApiAndASecondRunCompilesNothing()
    {
        using var tree = new TempTree();
        var env = new Dictionary<string, string>
        {
            ["CROSSBUILD_CACHE"] = tree.Path("cache"),
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };
        var first = ProcessRunner.Run("dotnet", Script, env, "run", "build.cs");
        first.ExitCode.Should().Be(0, first.StdOut + first.StdErr);
        first.StdOut.Should().Contain($"net10.0/{Crossbuild.Targets.RidCatalog.Host}/Release: 0/2 packages from the cache");
        first.StdErr.Should().Contain("information: compile lib/greet");

        var second = ProcessRunner.Run("dotnet", Script, env, "run", "build.cs");
        second.ExitCode.Should().Be(0, second.StdErr);
        second.StdOut.Should().Contain($"net10.0/{Crossbuild.Targets.RidCatalog.Host}/Release: 2/2 packages from the cache");

        ProcessRunner.Run(Path.Combine(Script, "artifacts", "hello"), Script).StdOut.Should().StartWith("Hello, world!");
        var info = CliRunner.Run(Script, "version", "-m", "artifacts/hello");
        info.StdOut.Should().Contain("channel").And.Contain("script");
    }
}
