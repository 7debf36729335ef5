using System.Diagnostics;
using Crossbuild.Tests.Support;
using Crossbuild.Watch;

namespace Crossbuild.Tests.Watch;

/// <summary><c>crossbuild watch</c> and <c>watch run</c> through the real CLI, and the watch loop's scheduling in process.</summary>
public class WatchTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(2);

    private static TempTree Module()
    {
        var tree = new TempTree();
        tree.File("crossbuild.json", "{\"module\": \"W\"}");
        Library(tree, "\"v1\"");
        tree.File("cmd/app/main.cs", """
            System.Console.WriteLine($"{W.Text.T.Hi()} pid {System.Environment.ProcessId} args {string.Join(",", args)}");
            System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);
            """);
        return tree;
    }

    private static void Library(TempTree tree, string value) =>
        tree.File("lib/text/t.cs", $"namespace W.Text;\npublic static class T {{ public static string Hi() => {value}; }}\n");

    private static int Pid(string line) => int.Parse(line.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [Fact]
    public void WatchRunRestartsTheProgramAfterAnEditAndKeepsTheLastGoodOneOnACompileError()
    {
        using var tree = Module();
        using var watch = LiveProcess.Cli(tree.Root, tree.Path(".cache"), "watch", "run", "./cmd/app", "--", "one", "two");
        var first = watch.WaitFor(l => l.StartsWith("v1 ", StringComparison.Ordinal), Slow);
        watch.Lines[first].Should().EndWith("args one,two");
        watch.Lines.Should().Contain(l => l.StartsWith("watch: compiled lib/text, cmd/app (2 of 2); started ./cmd/app ", StringComparison.Ordinal)
            && l.EndsWith("; watching for changes (Ctrl-C to stop)", StringComparison.Ordinal));
        var pid1 = Pid(watch.Lines[first]);

        // An edit: the library is compiled again (the program is not: its reference assembly did not change), the
        // old program is stopped and the new one started.
        Library(tree, "\"v2\"");
        var second = watch.WaitFor(l => l.StartsWith("v2 ", StringComparison.Ordinal), Slow, first);
        var pid2 = Pid(watch.Lines[second]);
        Alive(pid1).Should().BeFalse("the previous program is stopped before the new one starts");
        Alive(pid2).Should().BeTrue();
        watch.Lines.Skip(first).Should().Contain(l => l.StartsWith("watch: compiled lib/text (1 of 2); started ./cmd/app ", StringComparison.Ordinal)
            && l.EndsWith(" ms after lib/text/t.cs changed", StringComparison.Ordinal), watch.Text);

        // A compile error is printed as usual, and the last good program keeps running.
        Library(tree, "nope");
        var failed = watch.WaitFor(l => l.StartsWith("watch: build failed", StringComparison.Ordinal), Slow, second);
        watch.Lines[failed].Should().EndWith("; the last good ./cmd/app keeps running");
        watch.Lines.Skip(second).Should().Contain(l => l.Contains("lib/text/t.cs(2,", StringComparison.Ordinal) && l.Contains("error CS0103", StringComparison.Ordinal));
        Alive(pid2).Should().BeTrue();

        Library(tree, "\"v3\"");
        var third = watch.WaitFor(l => l.StartsWith("v3 ", StringComparison.Ordinal), Slow, failed);
        var pid3 = Pid(watch.Lines[third]);
        Alive(pid2).Should().BeFalse();

        // Ctrl-C ends the session and the program with it.
        watch.Interrupt(TimeSpan.FromSeconds(30)).Should().Be(0, watch.Text);
        Alive(pid3).Should().BeFalse();
    }

    [Fact]
    public void WatchRebuildsOnceForAnEditAndNotForFilesTheBuildDoesNotRead()
    {
        using var tree = Module();
        using var watch = LiveProcess.Cli(tree.Root, tree.Path(".cache"), "watch", "-o", "out/", "./...");
        var ready = watch.WaitFor(l => l.EndsWith("; watching for changes (Ctrl-C to stop)", StringComparison.Ordinal), Slow);
        File.Exists(tree.Path("out/app.dll")).Should().BeTrue(watch.Text);
        int Builds() => watch.Lines.Count(l => l.StartsWith("watch: ", StringComparison.Ordinal));

        // Not inputs: a text file, a file in a dot folder and one in bin/; and the build's own output folder.
        tree.File("notes.txt", "hello\n");
        tree.File(".scratch/x.cs", "class X {}\n");
        tree.File("lib/text/bin/y.cs", "class Y {}\n");
        Thread.Sleep(1500);
        Builds().Should().Be(1, watch.Text);

        Library(tree, "\"v2\"");
        var rebuilt = watch.WaitFor(l => l.StartsWith("watch: compiled lib/text (1 of 2) in ", StringComparison.Ordinal), Slow, ready);
        Thread.Sleep(1500);
        Builds().Should().Be(2, "one edit is one build, and writing out/ does not trigger another: " + watch.Text);

        // A new package is a change too.
        tree.File("lib/extra/e.cs", "namespace W.Extra;\npublic static class E { public static int N => 1; }\n");
        watch.WaitFor(l => l.StartsWith("watch: compiled lib/extra (1 of 3)", StringComparison.Ordinal), Slow, rebuilt);
        watch.Interrupt(TimeSpan.FromSeconds(30)).Should().Be(0, watch.Text);
    }

    // Records the builds; while the second build compiles, changes two files, as an editor saving during a build.
    private sealed class DuringBuild(TempTree tree) : IWatchReporter, Work.IBuildReporter
    {
        public readonly List<WatchedBuild> Builds = [];
        private bool _changed;

        public Work.IBuildReporter Starting() => this;

        public void Compiling(Crossbuild.Load.Package package)
        {
            lock (Builds)
                if (Builds.Count == 1 && !_changed)
                {
                    _changed = true;
                    Library(tree, "\"v3\"");
                    tree.File("lib/text/more.cs", "namespace W.Text;\npublic static class More { public static int N => 3; }\n");
                }
        }

        public void Built(WatchedBuild build)
        {
            lock (Builds) Builds.Add(build);
        }

        public void ProgramExited(int exitCode) { }

        public int Count
        {
            get { lock (Builds) return Builds.Count; }
        }
    }

    [Fact]
    public void ChangesDuringABuildMakeExactlyOneMoreBuild()
    {
        using var tree = Module();
        var settings = new CrossbuildSettings().SetWorkingDirectory(tree.Root).SetPackages("./...").SetCacheDirectory(tree.Path(".cache"));
        var reporter = new DuringBuild(tree);
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var loop = new Thread(() =>
        {
            try { WatchLoop.Run(new WatchRequest(settings, Run: false, []), reporter, stop.Token); }
            catch (Exception e) { failure = e; }
        });
        loop.Start();
        SpinWait.SpinUntil(() => reporter.Count == 1 || !loop.IsAlive, Slow).Should().BeTrue();
        Library(tree, "\"v2\"");
        SpinWait.SpinUntil(() => reporter.Count == 3 || !loop.IsAlive, Slow).Should().BeTrue("the edit builds, and the changes during that build build once more");
        Thread.Sleep(1500);
        reporter.Count.Should().Be(3);
        stop.Cancel();
        loop.Join(Slow).Should().BeTrue();
        failure.Should().BeNull();
        var builds = reporter.Builds;
        builds.Should().OnlyContain(b => b.Result != null && b.Result.Succeeded);
        builds[2].Changes!.Paths.Should().Contain(tree.Path("lib/text/more.cs"));
    }
}
