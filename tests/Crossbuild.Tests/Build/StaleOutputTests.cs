using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// Outputs hold exactly what the current build produces: files an earlier Crossbuild build wrote into the output
/// folder and this one no longer produces are removed, as MSBuild's incremental clean does; nothing Crossbuild did
/// not write, or that changed since it wrote it, is touched. Through the real CLI.
/// </summary>
public class StaleOutputTests
{
    private static string[] Files(TempTree tree, string dir) =>
        Directory.GetFiles(tree.Path(dir), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(tree.Path(dir), f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    private static void Build(PackageModule m, params string[] args)
    {
        var r = m.Cli(["build", .. args]);
        r.ExitCode.Should().Be(0, r.StdErr);
    }

    [Fact]
    public void ARemovedPackageAndADroppedLibraryLeaveTheOutputFolder()
    {
        using var m = new PackageModule("\"C\": \"1.0.0\"", "System.Console.WriteLine(C.Info.Version + App.lib.text.T.Hi);")
            .With(new TestPackage("C", "1.0.0").Lib("net8.0", "namespace C; public static class Info { public static string Version => \"1.0.0\"; }"));
        m.Tree.File("lib/text/text.cs", "namespace App.lib.text; public static class T { public static string Hi => \"hi\"; }");
        m.Tree.File("out/notes.txt", "mine");
        Build(m, "-o", "out/", "./app");
        Files(m.Tree, "out").Should().Contain(["C.dll", "App.lib.text.dll", "App.lib.text.pdb", "notes.txt"]);

        m.Tree.File("crossbuild.json", "{\"module\": \"App\"}");
        File.Delete(m.Tree.Path("crossbuild.lock.json"));
        m.Tree.File("app/main.cs", "System.Console.WriteLine(\"plain\");");
        Build(m, "-o", "out/", "./app");
        Files(m.Tree, "out").Should().Equal(["app", "app.deps.json", "app.dll", "app.pdb", "app.runtimeconfig.json", "notes.txt"],
            "the package and the library are gone; the user's file stays");
        ProcessRunner.Run(m.Tree.Path("out/app"), m.Tree.Root).StdOut.Should().Be("plain\n");
    }

    [Fact]
    public void SingleFileAndBackRemovesWhatTheBundleHoldsThenWhatOnlyTheBundleHad()
    {
        using var m = new PackageModule("", "System.Console.WriteLine(App.lib.text.T.Hi);");
        m.Tree.File("lib/text/text.cs", "namespace App.lib.text; public static class T { public static string Hi => \"hi\"; }");
        Build(m, "-r", "linux-x64", "-o", "out/", "./app");
        var plain = Files(m.Tree, "out");
        Build(m, "-r", "linux-x64", "--single-file", "-o", "out/", "./app");
        Files(m.Tree, "out").Should().Equal(["linux-x64/App.lib.text.pdb", "linux-x64/app", "linux-x64/app.pdb"], "the bundle holds the rest");
        ProcessRunner.Run(m.Tree.Path("out/linux-x64/app"), m.Tree.Root).StdOut.Should().Be("hi\n");
        Build(m, "-r", "linux-x64", "-o", "out/", "./app");
        Files(m.Tree, "out").Should().Equal(plain);
        ProcessRunner.Run(m.Tree.Path("out/linux-x64/app"), m.Tree.Root).StdOut.Should().Be("hi\n");
    }

    [Fact]
    public void AFileAnotherExecutableStillHasOrThatChangedSinceIsKept()
    {
        using var m = new PackageModule("", "System.Console.WriteLine(App.lib.text.T.Hi);");
        m.Tree.File("lib/text/text.cs", "namespace App.lib.text; public static class T { public static string Hi => \"hi\"; }");
        m.Tree.File("lib/extra/extra.cs", "namespace App.lib.extra; public static class E { public static string X => \"x\"; }");
        m.Tree.File("tool/main.cs", "System.Console.WriteLine(App.lib.text.T.Hi + App.lib.extra.E.X);");
        Build(m, "-o", "out/", "./...");
        // app drops lib/text, which tool still has; tool is not built now, and the extra library it had is changed by hand.
        m.Tree.File("app/main.cs", "System.Console.WriteLine(\"alone\");");
        File.AppendAllText(m.Tree.Path("out/App.lib.extra.pdb"), "edited");
        Build(m, "-o", "out/", "./app");
        Files(m.Tree, "out").Should().Contain(["App.lib.text.dll", "App.lib.extra.dll", "App.lib.extra.pdb", "tool"]);
        ProcessRunner.Run(m.Tree.Path("out/tool"), m.Tree.Root).StdOut.Should().Be("hix\n");

        // Now tool drops the extra library: its unchanged dll goes, the PDB edited by hand stays.
        m.Tree.File("tool/main.cs", "System.Console.WriteLine(App.lib.text.T.Hi);");
        Build(m, "-o", "out/", "./...");
        Files(m.Tree, "out").Should().NotContain("App.lib.extra.dll").And.Contain("App.lib.extra.pdb").And.Contain("App.lib.text.dll");
    }
}
