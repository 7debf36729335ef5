using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Server;

/// <summary>
/// The warm build server through the real CLI: the same output, exit codes and files as in process; its socket's
/// folder and permissions; falling back to in process; a dead server; idle exit and <c>server stop</c>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class ServerTests
{
    private static TempTree Module()
    {
        var tree = new TempTree();
        tree.File("crossbuild.json", "{\"module\": \"S\"}");
        tree.File("lib/text/t.cs", "namespace S.Text;\npublic static class T { public static string Hi() => \"hi\"; }\n");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(S.Text.T.Hi() + \" \" + string.Join(\",\", args));\nSystem.Console.Error.WriteLine(\"to stderr\");\nreturn 3;\n");
        return tree;
    }

    private static Dictionary<string, string> Env(TempTree tree, string mode, string cache) => new()
    {
        ["CROSSBUILD_SERVER"] = mode,
        ["CROSSBUILD_SERVER_DIR"] = tree.Path("srv"),
        ["CROSSBUILD_CACHE"] = tree.Path(cache),
        ["CI"] = "",
    };

    private static void Stop(TempTree tree) => CliRunner.Run(tree.Root, Env(tree, "1", ".cache"), "server", "stop");

    [Fact]
    public void CommandsThroughTheServerPrintExitAndWriteExactlyAsInProcess()
    {
        using var tree = Module();
        string[][] commands =
        [
            ["build", "-o", "out/", "./..."],
            ["list", "./..."],
            ["list", "--json", "./..."],
            ["run", "./cmd/app", "--", "a", "b"],
            ["run", "./lib/text"],
            ["build", "--nope"],
            ["build", "./missing"],
            ["build", "--cache-dir", ".relative-cache", "./..."],
        ];
        try
        {
            (string Out, string Err, int Code)[] Run(string mode, string cache) =>
                commands.Select(c => CliRunner.Run(tree.Root, Env(tree, mode, cache), c)).Select(r => (r.StdOut, r.StdErr, r.ExitCode)).ToArray();
            var inProcess = Run("0", ".cache-a");
            var outputs = Directory.GetFiles(tree.Path("out")).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
            Directory.Delete(tree.Path("out"), recursive: true);
            Directory.Delete(tree.Path(".relative-cache"), recursive: true);
            var served = Run("1", ".cache-b");
            Directory.Exists(tree.Path(".relative-cache")).Should().BeTrue("a relative --cache-dir is the client's directory's");
            Directory.GetFiles(tree.Path("srv"), "*.sock").Should().ContainSingle("the server ran them");
            served.Should().Equal(inProcess);
            inProcess[3].Should().Be(("hi a,b\n", "to stderr\n", 3), "run passes the program's streams and exit code through");
            inProcess.Select(r => r.Code).Should().Equal(0, 0, 0, 3, 1, 2, 1, 0);
            Directory.GetFiles(tree.Path("out")).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes)
                .Should().BeEquivalentTo(outputs, "the server writes the same files");

            // A compile error, both ways.
            tree.File("lib/text/t.cs", "namespace S.Text;\npublic static class T { public static string Hi() => nope; }\n");
            var bad = CliRunner.Run(tree.Root, Env(tree, "0", ".cache-a"), "build", "./...");
            var badServed = CliRunner.Run(tree.Root, Env(tree, "1", ".cache-b"), "build", "./...");
            (badServed.StdOut, badServed.StdErr, badServed.ExitCode).Should().Be((bad.StdOut, bad.StdErr, 1));
            bad.StdErr.Should().Contain("lib/text/t.cs(2,");
        }
        finally
        {
            Stop(tree);
        }
    }

    [Fact]
    public void TheSocketIsTheUsersAloneAndABadFolderMeansInProcessWithOneLine()
    {
        using var tree = Module();
        try
        {
            var first = CliRunner.Run(tree.Root, Env(tree, "1", ".cache"), "build", "./...");
            first.ExitCode.Should().Be(0, first.StdErr);
            first.StdErr.Should().BeEmpty();
            File.GetUnixFileMode(tree.Path("srv")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.GetUnixFileMode(Directory.GetFiles(tree.Path("srv"), "*.sock").Single()).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var status = CliRunner.Run(tree.Root, Env(tree, "1", ".cache"), "server", "status");
            status.ExitCode.Should().Be(0, status.StdErr);
            status.StdOut.Should().MatchRegex(@"^pid \d+, up .*, \d+ MB resident, 1 commands served, socket .*\.sock\n$");
        }
        finally
        {
            Stop(tree);
        }

        // A folder others may open is refused: the command runs in process, with one line saying why.
        Directory.CreateDirectory(tree.Path("open"));
        File.SetUnixFileMode(tree.Path("open"), (UnixFileMode)0b111_101_101);
        var env = Env(tree, "1", ".cache");
        env["CROSSBUILD_SERVER_DIR"] = tree.Path("open");
        var open = CliRunner.Run(tree.Root, env, "build", "./...");
        open.ExitCode.Should().Be(0, open.StdErr);
        open.StdErr.Should().Be($"crossbuild: server: {tree.Path("open")} may be opened by other users (mode 755; it must be 700); running in process\n");

        // A folder that cannot be made (under a file): the same.
        tree.File("plain", "x");
        env["CROSSBUILD_SERVER_DIR"] = tree.Path("plain/srv");
        var none = CliRunner.Run(tree.Root, env, "run", "./cmd/app");
        none.ExitCode.Should().Be(3);
        none.StdOut.Should().Be("hi \n");
        none.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2)
            .And.Contain(l => l.StartsWith("crossbuild: server: cannot use ", StringComparison.Ordinal) && l.EndsWith("; running in process", StringComparison.Ordinal));
    }

    [Fact]
    public void AKilledServerIsReplacedAndAnIdleOneEnds()
    {
        using var tree = Module();
        var env = Env(tree, "1", ".cache");
        env["CROSSBUILD_SERVER_IDLE"] = "3s";
        try
        {
            CliRunner.Run(tree.Root, env, "build", "./...").ExitCode.Should().Be(0);
            var pid = int.Parse(CliRunner.Run(tree.Root, env, "server", "status").StdOut.Split(' ', ',')[1], System.Globalization.CultureInfo.InvariantCulture);
            using (var server = System.Diagnostics.Process.GetProcessById(pid))
            {
                server.Kill();
                server.WaitForExit();
            }
            // Its socket file is left behind; the next command starts a new server on it, silently.
            var again = CliRunner.Run(tree.Root, env, "build", "./...");
            again.ExitCode.Should().Be(0, again.StdErr);
            again.StdErr.Should().BeEmpty();
            var status = CliRunner.Run(tree.Root, env, "server", "status");
            status.StdOut.Should().StartWith("pid ").And.NotStartWith($"pid {pid},");

            // Idle for longer than CROSSBUILD_SERVER_IDLE: it ends.
            Thread.Sleep(TimeSpan.FromSeconds(6));
            var gone = CliRunner.Run(tree.Root, env, "server", "status");
            gone.ExitCode.Should().Be(1);
            gone.StdErr.Should().StartWith("crossbuild: server: no server is running");
        }
        finally
        {
            Stop(tree);
        }
    }

    [Fact]
    public void ServerStopEndsIt()
    {
        using var tree = Module();
        var env = Env(tree, "1", ".cache");
        CliRunner.Run(tree.Root, env, "list", "./...").ExitCode.Should().Be(0);
        var stop = CliRunner.Run(tree.Root, env, "server", "stop");
        stop.ExitCode.Should().Be(0);
        stop.StdOut.Should().StartWith("stopped the server (pid ");
        SpinWait.SpinUntil(() => Directory.GetFiles(tree.Path("srv"), "*.sock").Length == 0, TimeSpan.FromSeconds(10)).Should().BeTrue();
        CliRunner.Run(tree.Root, env, "server", "status").ExitCode.Should().Be(1);
        CliRunner.Run(tree.Root, env, "server", "stop").StdOut.Should().Be("no server is running\n");
    }
}
