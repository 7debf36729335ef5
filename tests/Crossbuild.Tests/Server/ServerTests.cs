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
            status.StdOut.Should().MatchRegex(@"^pid \d+, up .*, \d+ MB resident, 1 commands served, 0 cancelled, \d+ warm-up compiles, \d+ syntax trees, \d+ generator drivers kept, trimmed 0 times, listening on .*\.sock\n$");
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

        // A folder whose socket path is too long for a Unix socket: the same.
        env["CROSSBUILD_SERVER_DIR"] = tree.Path(new string('x', 110));
        var tooLong = CliRunner.Run(tree.Root, env, "build", "./...");
        tooLong.ExitCode.Should().Be(0, tooLong.StdErr);
        tooLong.StdErr.Should().MatchRegex(@"^crossbuild: server: the socket path .*\.sock is longer than the 107 bytes a Unix socket allows \(set CROSSBUILD_SERVER_DIR to a shorter folder\); running in process\n$");

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

    // A chain of libraries (each uses the one before), so that a build runs for a while one package at a time.
    private static TempTree Chain(int length = 10)
    {
        var tree = new TempTree();
        tree.File("crossbuild.json", "{\"module\": \"C\"}");
        for (var p = 0; p < length; p++)
            for (var f = 0; f < 3; f++)
            {
                var body = new System.Text.StringBuilder();
                body.Append(p == 0 ? "" : $"using C.L{p - 1:D2};\n").Append($"namespace C.L{p:D2};\npublic static class F{f}\n{{\n");
                for (var m = 0; m < 60; m++)
                    body.Append($"    public static int M{m}(int x) => {(p == 0 ? "x" : $"F{f}_{m % 3}(x)")} + {m} * {p + 1};\n");
                if (p > 0)
                    for (var k = 0; k < 3; k++) body.Append($"    private static int F{f}_{k}(int x) => C.L{p - 1:D2}.F{k}.M{f}(x);\n");
                body.Append("}\n");
                tree.File($"lib/l{p:D2}/f{f}.cs", body.ToString());
            }
        tree.File("cmd/app/main.cs", $"System.Console.WriteLine(C.L{length - 1:D2}.F0.M1(1));\n");
        return tree;
    }

    private static int ServerPid(TempTree tree, Dictionary<string, string> env) =>
        int.Parse(CliRunner.Run(tree.Root, env, "server", "status").StdOut.Split(' ', ',')[1], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void AClientThatGoesAwayCancelsItsBuildAndTheCacheStaysGood()
    {
        using var tree = Chain();
        var env = Env(tree, "1", ".cache");
        try
        {
            CliRunner.Run(tree.Root, env, "list", "./...").ExitCode.Should().Be(0); // the server is up
            using (var client = new LiveProcess("dotnet", tree.Root, env, CliRunner.CliDll, "build", "-v", "./..."))
            {
                client.WaitFor(l => l.StartsWith("lib/l0", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
                client.KillHard();
            }
            // The server notices at once and stops the build: the command ends as cancelled, not as served to the end.
            string status = "";
            SpinWait.SpinUntil(() => (status = CliRunner.Run(tree.Root, env, "server", "status").StdOut).Contains(" 1 cancelled,", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30)).Should().BeTrue(status);

            // What it stored is whole: the next build compiles the rest and the program is right.
            var again = CliRunner.Run(tree.Root, env, "build", "-v", "./...");
            again.ExitCode.Should().Be(0, again.StdErr);
            again.StdErr.Should().Contain("lib/l09", "the cancelled build did not get that far");
            var run = CliRunner.Run(tree.Root, env, "run", "./cmd/app");
            run.ExitCode.Should().Be(0, run.StdErr);
            run.StdOut.Should().Be(CliRunner.Run(tree.Root, Env(tree, "0", ".cache-in-process"), "run", "./cmd/app").StdOut);
        }
        finally
        {
            Stop(tree);
        }
    }

    [TerminalFact]
    public void AClientOnATerminalThatGoesAwayLeavesTheServerRunning()
    {
        using var tree = Chain();
        var env = Env(tree, "1", ".cache");
        env["TERM"] = "xterm";
        try
        {
            CliRunner.Run(tree.Root, env, "list", "./...").ExitCode.Should().Be(0);
            var pid = ServerPid(tree, env);
            // On a terminal the command draws a progress line from a timer: it must stop with the command.
            var command = string.Join(' ', new[] { "dotnet", CliRunner.CliDll, "build", "-v", "./..." }.Select(a => "'" + a + "'"));
            using (var client = new LiveProcess(TerminalFactAttribute.Script, tree.Root, env, "-qec", command, "/dev/null"))
            {
                client.WaitFor(l => l.Contains("lib/l01", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
                client.Lines.Should().Contain(l => l.Contains(" cached · ", StringComparison.Ordinal), "the progress line was drawn");
                foreach (var p in System.Diagnostics.Process.GetProcesses())
                    using (p)
                        if (p.Id != Environment.ProcessId && SafeCommandLine(p.Id).Contains(" build -v ./...", StringComparison.Ordinal)
                            && !SafeCommandLine(p.Id).StartsWith(TerminalFactAttribute.Script, StringComparison.Ordinal))
                            p.Kill();
                client.WaitForExit(TimeSpan.FromSeconds(30));
            }
            string status = "";
            SpinWait.SpinUntil(() => (status = CliRunner.Run(tree.Root, env, "server", "status").StdOut).Contains(" 1 cancelled,", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30)).Should().BeTrue(status);
            Thread.Sleep(1000); // long enough for a stray progress timer to fire
            ServerPid(tree, env).Should().Be(pid, "the server outlives its client's terminal");
            CliRunner.Run(tree.Root, env, "build", "./...").ExitCode.Should().Be(0);
        }
        finally
        {
            Stop(tree);
        }
    }

    private static string SafeCommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    [Fact]
    public void AServerKilledMidBuildLeavesTheBuildToTheClientWithOneLine()
    {
        using var tree = Chain();
        var env = Env(tree, "1", ".cache");
        try
        {
            CliRunner.Run(tree.Root, env, "list", "./...").ExitCode.Should().Be(0);
            var pid = ServerPid(tree, env);
            using var client = new LiveProcess("dotnet", tree.Root, env, CliRunner.CliDll, "build", "-v", "-o", "out/", "./...");
            client.WaitFor(l => l.StartsWith("lib/l0", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            using (var server = System.Diagnostics.Process.GetProcessById(pid))
            {
                server.Kill();
                server.WaitForExit();
            }
            client.WaitForExit(TimeSpan.FromMinutes(3)).Should().Be(0, client.Text);
            client.Lines.Where(l => l.StartsWith("crossbuild: server:", StringComparison.Ordinal))
                .Should().Equal("crossbuild: server: the server went away; running in process");
            File.Exists(tree.Path("out/app")).Should().BeTrue(client.Text);
            ProcessRunner.Run(tree.Path("out/app"), tree.Root, new Dictionary<string, string>()).StdOut
                .Should().Be(CliRunner.Run(tree.Root, Env(tree, "0", ".cache-in-process"), "run", "./cmd/app").StdOut);
        }
        finally
        {
            Stop(tree);
        }
    }

    [Fact]
    public void AnotherToolBuildStartsItsOwnServer()
    {
        using var tree = Module();
        var env = Env(tree, "1", ".cache");
        // The same tool with one assembly rebuilt: its module version ID differs, as after an update.
        var other = tree.Path("other-tool");
        Directory.CreateDirectory(other);
        foreach (var entry in Directory.EnumerateFileSystemEntries(AppContext.BaseDirectory))
        {
            var name = Path.GetFileName(entry);
            if (name == "Crossbuild.Cli.dll") continue;
            if (Directory.Exists(entry)) Directory.CreateSymbolicLink(Path.Combine(other, name), entry);
            else File.CreateSymbolicLink(Path.Combine(other, name), entry);
        }
        File.WriteAllBytes(Path.Combine(other, "Crossbuild.Cli.dll"), WithNewMvid(File.ReadAllBytes(CliRunner.CliDll)));
        try
        {
            CliRunner.Run(tree.Root, env, "build", "./...").ExitCode.Should().Be(0);
            var otherBuild = ProcessRunner.Run("dotnet", tree.Root, env, [Path.Combine(other, "Crossbuild.Cli.dll"), "build", "./..."]);
            otherBuild.ExitCode.Should().Be(0, otherBuild.StdErr);
            otherBuild.StdErr.Should().BeEmpty();
            Directory.GetFiles(tree.Path("srv"), "*.sock").Should().HaveCount(2, "each tool build has its own server");
            var otherPid = ProcessRunner.Run("dotnet", tree.Root, env, [Path.Combine(other, "Crossbuild.Cli.dll"), "server", "status"]).StdOut;
            otherPid.Should().StartWith("pid ").And.NotStartWith($"pid {ServerPid(tree, env)},");
        }
        finally
        {
            ProcessRunner.Run("dotnet", tree.Root, env, [Path.Combine(other, "Crossbuild.Cli.dll"), "server", "stop"]);
            Stop(tree);
        }
    }

    [Fact]
    public void TwoClientsBuildingAtOnceBothSucceed()
    {
        using var tree = Chain(4);
        var env = Env(tree, "1", ".cache");
        try
        {
            using var first = new LiveProcess("dotnet", tree.Root, env, CliRunner.CliDll, "build", "-o", "out1/", "./...");
            using var second = new LiveProcess("dotnet", tree.Root, env, CliRunner.CliDll, "build", "-o", "out2/", "./...");
            first.WaitForExit(TimeSpan.FromMinutes(3)).Should().Be(0, first.Text);
            second.WaitForExit(TimeSpan.FromMinutes(3)).Should().Be(0, second.Text);
            first.Lines.Concat(second.Lines).Should().BeEmpty("neither fell back to in process nor printed anything");
            var expected = CliRunner.Run(tree.Root, Env(tree, "0", ".cache-in-process"), "run", "./cmd/app").StdOut;
            foreach (var app in new[] { "out1/app", "out2/app" })
                ProcessRunner.Run(tree.Path(app), tree.Root, new Dictionary<string, string>()).StdOut.Should().Be(expected, app);
            CliRunner.Run(tree.Root, env, "server", "status").StdOut.Should().Contain(" 2 commands served,");
        }
        finally
        {
            Stop(tree);
        }
    }

    [Fact]
    public void AKeptGeneratorDriverGivesWhatAFreshCompileGives()
    {
        using var tree = new TempTree();
        tree.File("crossbuild.json", "{\"module\": \"G\"}");
        tree.File("lib/words/words.cs", "using System.Text.RegularExpressions;\nnamespace G.Words;\npublic static partial class W\n{\n" +
            "    [GeneratedRegex(\"[a-z]+\")] private static partial Regex Word();\n    public static int Count(string s) => Word().Count(s);\n}\n");
        tree.File("lib/words/other.cs", "namespace G.Words;\npublic static class O { public static int N() => 1; }\n");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(G.Words.W.Count(\"ab cd ef\") + G.Words.O.N());\n");
        var env = Env(tree, "1", ".cache");
        try
        {
            CliRunner.Run(tree.Root, env, "run", "./cmd/app").StdOut.Should().Be("4\n");
            CliRunner.Run(tree.Root, env, "server", "status").StdOut.Should().Contain(" 1 generator drivers kept,");
            // A body edit elsewhere in the package: the kept driver runs on the new compilation.
            tree.File("lib/words/other.cs", "namespace G.Words;\npublic static class O { public static int N() => 10; }\n");
            var served = CliRunner.Run(tree.Root, env, "build", "-o", "out/", "./...");
            served.ExitCode.Should().Be(0, served.StdErr);
            CliRunner.Run(tree.Root, env, "server", "status").StdOut.Should().Contain(" 1 generator drivers kept,");
            var fresh = Env(tree, "0", ".cache-fresh");
            CliRunner.Run(tree.Root, fresh, "build", "-o", "fresh/", "./...").ExitCode.Should().Be(0);
            var dlls = Directory.GetFiles(tree.Path("out"), "*.dll").Select(Path.GetFileName).ToArray();
            dlls.Should().HaveCount(2);
            foreach (var dll in dlls)
                File.ReadAllBytes(tree.Path("out/" + dll)).Should().Equal(File.ReadAllBytes(tree.Path("fresh/" + dll)),
                    $"the incremental generator run emits exactly what a new process does ({dll})");
            ProcessRunner.Run(tree.Path("out/app"), tree.Root, new Dictionary<string, string>()).StdOut.Should().Be("13\n");
        }
        finally
        {
            Stop(tree);
        }
    }

    [Fact]
    public void AnotherBuildEnvironmentHasItsOwnServer()
    {
        using var tree = Module();
        var env = Env(tree, "1", ".cache");
        var other = new Dictionary<string, string>(env) { ["NUGET_PACKAGES"] = tree.Path("other-global") };
        try
        {
            CliRunner.Run(tree.Root, env, "build", "./...").ExitCode.Should().Be(0);
            var second = CliRunner.Run(tree.Root, other, "build", "./...");
            second.ExitCode.Should().Be(0, second.StdErr);
            Directory.GetFiles(tree.Path("srv"), "*.sock").Should().HaveCount(2, "where NuGet's folder is differs, and the engine looks it up once per process");
            CliRunner.Run(tree.Root, other, "server", "status").StdOut.Should().NotStartWith($"pid {ServerPid(tree, env)},");
            // A variable that only the output reads does not make another server.
            CliRunner.Run(tree.Root, new Dictionary<string, string>(env) { ["NO_COLOR"] = "1" }, "build", "./...").ExitCode.Should().Be(0);
            Directory.GetFiles(tree.Path("srv"), "*.sock").Should().HaveCount(2);
        }
        finally
        {
            CliRunner.Run(tree.Root, other, "server", "stop");
            Stop(tree);
        }
    }

    [Fact]
    public void RunJsonStaysInProcess()
    {
        using var tree = Module();
        var run = CliRunner.Run(tree.Root, Env(tree, "1", ".cache"), "run", "-json", "./cmd/app", "--", "-json");
        run.ExitCode.Should().Be(3, run.StdErr);
        run.StdOut.Should().Contain("\"Output\":\"hi -json\\n\"");
        Directory.Exists(tree.Path("srv")).Should().BeFalse("no server was started or asked");
        // Only a -json of run's own counts: the program's arguments are the program's.
        var plain = CliRunner.Run(tree.Root, Env(tree, "1", ".cache"), "run", "./cmd/app", "--", "-json");
        plain.StdOut.Should().Be("hi -json\n");
        Directory.GetFiles(tree.Path("srv"), "*.sock").Should().ContainSingle();
        Stop(tree);
    }

    [Fact]
    public void PastItsMemoryBudgetTheServerTrimsItsWarmCaches()
    {
        using var tree = Module();
        var env = Env(tree, "1", ".cache");
        env["CROSSBUILD_SERVER_MEMORY"] = "1"; // megabytes: every command is over it
        try
        {
            CliRunner.Run(tree.Root, env, "build", "./...").ExitCode.Should().Be(0);
            CliRunner.Run(tree.Root, env, "server", "status").StdOut.Should().Contain(" 0 syntax trees, 0 generator drivers kept, trimmed 1 times,");
            tree.File("lib/text/t.cs", "namespace S.Text;\npublic static class T { public static string Hi() => \"trimmed\"; }\n");
            var run = CliRunner.Run(tree.Root, env, "run", "./cmd/app");
            run.StdOut.Should().Be("trimmed \n", "a trimmed server builds as before");
            CliRunner.Run(tree.Root, env, "server", "status").StdOut.Should().Contain("trimmed 2 times,");
        }
        finally
        {
            Stop(tree);
        }

        // Under the budget, the trees of the compiled files stay.
        env["CROSSBUILD_SERVER_MEMORY"] = "100000";
        try
        {
            CliRunner.Run(tree.Root, env, "build", "-a", "./...").ExitCode.Should().Be(0);
            CliRunner.Run(tree.Root, env, "server", "status").StdOut.Should().Contain(" 2 syntax trees, 0 generator drivers kept, trimmed 0 times,");
        }
        finally
        {
            Stop(tree);
        }
    }

    // An assembly image with another module version ID (the 16 bytes of the #GUID heap's MVID).
    private static byte[] WithNewMvid(byte[] image)
    {
        Guid mvid;
        using (var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image)))
        {
            var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            mvid = md.GetGuid(md.GetModuleDefinition().Mvid);
        }
        var bytes = mvid.ToByteArray();
        var at = image.AsSpan().IndexOf(bytes);
        at.Should().BeGreaterThan(0);
        Guid.NewGuid().ToByteArray().CopyTo(image, at);
        return image;
    }
}
