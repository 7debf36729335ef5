using System.Text.RegularExpressions;
using Crossbuild.Tests.Support;
using Crossbuild.Tests.Test;

namespace Crossbuild.Tests.Server;

/// <summary><c>crossbuild test</c> through the warm build server prints and exits as in process, failures included.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public partial class ServerTestParityTests
{
    // Durations are the one thing two runs of the same tests do not share.
    [GeneratedRegex(@"\d+(\.\d+)?(ms|s)\b")]
    private static partial Regex Duration();

    [TestFrameworksFact]
    public void TestThroughTheServerIsTestInProcess()
    {
        using var tree = TestModule.Create(failing: true);
        Dictionary<string, string> Env(string mode, string cache) => new()
        {
            ["CROSSBUILD_SERVER"] = mode, ["CROSSBUILD_SERVER_DIR"] = tree.Path("srv"), ["CROSSBUILD_CACHE"] = tree.Path(cache), ["CI"] = "",
        };
        try
        {
            string[][] commands = [["test", "./..."], ["test", "-run", "Makes", "-v", "./lib/text"], ["test", "./lib/nu", "./lib/ms"]];
            (string, string, int)[] Run(string mode, string cache) => commands
                .Select(c => CliRunner.Run(tree.Root, Env(mode, cache), c))
                .Select(r => (Duration().Replace(r.StdOut, "T"), Duration().Replace(r.StdErr, "T"), r.ExitCode)).ToArray();
            var inProcess = Run("0", ".cache-a");
            var served = Run("1", ".cache-b");
            Directory.GetFiles(tree.Path("srv"), "*.sock").Should().ContainSingle("the server ran them");
            served.Should().Equal(inProcess);
            inProcess.Select(r => r.Item3).Should().Equal(1, 0, 0);
            inProcess[0].Item1.Should().Contain("--- FAIL: Acme.Text.SlugTests.Checks (");
        }
        finally
        {
            CliRunner.Run(tree.Root, Env("1", ".cache-b"), "server", "stop");
        }
    }
}
