using Crossbuild.Outputs;
using Crossbuild.Plan;
using Crossbuild.Tests.Support;
using Crossbuild.Work;

namespace Crossbuild.Tests.Build;

/// <summary>
/// A self-contained single-file launcher holds the whole runtime (tens of megabytes): a build in which nothing it
/// holds changed does not make it again, while an edit, another destination or a launcher replaced since is made
/// and written anew. In process, through the planner and the one executor, to see whether the bundle was made.
/// </summary>
public class BundleUpToDateTests
{
    private static CrossbuildSettings Settings(TempTree tree) =>
        new CrossbuildSettings().SetWorkingDirectory(tree.Root).SetCacheDirectory(tree.Path("cache"))
            .SetRuntime("linux-x64").SetSelfContained().SetSingleFile().SetOutput(tree.Path("out") + "/").SetPackages("./app");

    // Plans and runs a build as the CLI's does; returns the app's launcher as its link left it.
    private static Launcher Build(CrossbuildSettings settings)
    {
        var graph = Builder.Plan(settings);
        var results = new Executor(2, SilentReporter.Instance, new Crossbuild.Cache.BuildCache(settings.CacheDirectory!)).Run(graph.Roots);
        results.Values.Should().OnlyContain(r => r.Succeeded);
        return results.Values.OfType<LinkResult>().Should().ContainSingle().Subject.Files.AppHost;
    }

    private static string Run(TempTree tree, string path = "out/linux-x64/app")
    {
        var run = ProcessRunner.Run(tree.Path(path), tree.Root);
        run.ExitCode.Should().Be(0, run.StdErr);
        return run.StdOut.Trim();
    }

    [Fact]
    public void ANoOpSingleFileBuildDoesNotMakeItsBundleAndAChangeMakesItAgain()
    {
        using var tree = new TempTree().Module("App");
        tree.File("app/main.cs", "System.Console.WriteLine(App.lib.text.T.Hi);");
        tree.File("lib/text/text.cs", "namespace App.lib.text; public static class T { public static string Hi => \"one\"; }");
        var settings = Settings(tree);
        var launcher = tree.Path("out/linux-x64/app");

        var first = Build(settings);
        first.IsMade.Should().BeTrue("the first build writes the launcher");
        Run(tree).Should().Be("one");
        var written = File.GetLastWriteTimeUtc(launcher);

        var again = Build(settings);
        again.Identity.Should().Be(first.Identity);
        again.IsMade.Should().BeFalse("nothing the bundle holds changed");
        File.GetLastWriteTimeUtc(launcher).Should().Be(written);

        tree.File("lib/text/text.cs", "namespace App.lib.text; public static class T { public static string Hi => \"two\"; }");
        var edited = Build(settings);
        edited.Identity.Should().NotBe(first.Identity, "the library in the bundle changed");
        edited.IsMade.Should().BeTrue();
        Run(tree).Should().Be("two");
        var good = File.ReadAllBytes(launcher);

        // A launcher replaced since it was written (other size and mtime) is made again and restored.
        File.WriteAllBytes(launcher, [1, 2, 3]);
        var restored = Build(settings);
        restored.IsMade.Should().BeTrue("the installed launcher is no longer the one the ledger recorded");
        File.ReadAllBytes(launcher).Should().Equal(good);
        Run(tree).Should().Be("two");

        // The same bundle for another destination is made there too.
        var elsewhere = Build(settings.SetOutput(tree.Path("other") + "/"));
        elsewhere.Identity.Should().Be(edited.Identity);
        elsewhere.IsMade.Should().BeTrue();
        Run(tree, "other/linux-x64/app").Should().Be("two");
    }
}
