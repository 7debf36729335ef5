using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Cache;

/// <summary>
/// A cache hit gives the bytes a fresh compile gives: after each kind of edit, an incremental build and a clean
/// build with a fresh cache write byte-identical outputs, so what a build writes never depends on the cache's
/// history. Through the real CLI.
/// </summary>
public class CacheHistoryTests
{
    // app imports mid, mid imports leaf: leaf is an indirect reference of app. Only app reads FANCY.
    private static (TempTree Tree, Dictionary<string, string> Env) Module()
    {
        var tree = new TempTree().Module("Acme");
        var env = LocalFeed.AddTo(tree);
        tree.File("lib/leaf/leaf.cs", "namespace Acme.Leaf; public static class L { public static int V() => 1; }");
        tree.File("lib/mid/mid.cs", "namespace Acme.Mid; public static class M { public static int V() => Acme.Leaf.L.V() + 1; }");
        tree.File("cmd/app/main.cs", "#if FANCY\nSystem.Console.Write(\"*\");\n#endif\nSystem.Console.WriteLine(Acme.Mid.M.V());");
        return (tree, env);
    }

    private static void Build(TempTree tree, Dictionary<string, string> env, string cache, string output, params string[] flags)
    {
        var r = CliRunner.Run(tree.Root, new Dictionary<string, string>(env) { ["CROSSBUILD_CACHE"] = cache },
            ["build", "-o", output + "/", .. flags, "./cmd/app"]);
        r.ExitCode.Should().Be(0, r.StdErr);
    }

    private static void ShouldBeIdentical(string incremental, string clean, string edit)
    {
        var files = Directory.GetFiles(clean, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(clean, f)).Order().ToArray();
        Directory.GetFiles(incremental, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(incremental, f)).Order()
            .Should().Equal(files, edit);
        foreach (var f in files)
            File.ReadAllBytes(Path.Combine(incremental, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(clean, f)))
                .Should().BeTrue($"{f} after \"{edit}\" must be the same from the cache as from a fresh compile");
    }

    public static TheoryData<string> Edits => new()
    {
        "a public member added to an indirect reference",
        "a file added to an indirect reference",
        "a file of an indirect reference renamed",
        "a method body edited",
        "--tags fancy, which only the app reads",
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void AnIncrementalBuildWritesWhatACleanBuildWrites(string edit)
    {
        var (tree, env) = Module();
        using var _ = tree;
        string[] flags = [];
        Build(tree, env, tree.Path("cache"), tree.Path("out"));
        switch (edit)
        {
            case "a public member added to an indirect reference":
                tree.File("lib/leaf/leaf.cs", "namespace Acme.Leaf; public static class L { public static int V() => 1; public static int W() => 2; }");
                break;
            case "a file added to an indirect reference":
                tree.File("lib/leaf/more.cs", "namespace Acme.Leaf; public static class More { public static int X => 3; }");
                break;
            case "a file of an indirect reference renamed":
                File.Move(tree.Path("lib/leaf/leaf.cs"), tree.Path("lib/leaf/renamed.cs"));
                break;
            case "a method body edited":
                tree.File("lib/leaf/leaf.cs", "namespace Acme.Leaf; public static class L { public static int V() => 40; }");
                break;
            default:
                flags = ["--tags", "fancy"];
                break;
        }
        Build(tree, env, tree.Path("cache"), tree.Path("out"), flags);
        Build(tree, env, tree.Path("fresh-cache"), tree.Path("clean"), flags);
        ShouldBeIdentical(tree.Path("out"), tree.Path("clean"), edit);
        ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Should().Be(ProcessRunner.Run(tree.Path("clean/app"), tree.Root).StdOut);
    }

    [Fact]
    public void ALibrarySharedByTwoRuntimesIsWhatABuildForEitherAloneWrites()
    {
        var (tree, env) = Module();
        using var _ = tree;
        LocalFeed.PackMuslHost(tree);
        // One compile of each library serves both RIDs; it must not carry the symbols of the RID compiled first.
        Build(tree, env, tree.Path("cache"), tree.Path("both"), "-r", "linux-x64,linux-musl-x64");
        Build(tree, env, tree.Path("fresh-cache"), tree.Path("musl"), "-r", "linux-musl-x64");
        ShouldBeIdentical(tree.Path("both/linux-musl-x64"), tree.Path("musl/linux-musl-x64"), "-r linux-x64,linux-musl-x64");
    }
}
