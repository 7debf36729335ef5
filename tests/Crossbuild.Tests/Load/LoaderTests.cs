using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Targets;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Load;

public class LoaderTests
{
    private static Target Linux(params string[] tags) =>
        new(TargetFramework.Default, RidCatalog.Resolve("linux-x64"), "Debug", tags);

    private static LoadResult Load(TempTree tree, Target? target = null) =>
        Loader.Load(Module.Find(tree.Root), target ?? Linux(), tree.Root);

    [Fact]
    public void FindsPackagesKindsNamesAndImports()
    {
        using var t = new TempTree();
        t.Module("Acme")
            .File("cmd/app/main.cs", "using Acme.Text;\nConsole.WriteLine(Slug.Make(\"x\"));")
            .File("lib/text/slug.cs", "namespace Acme.Text;\npublic static class Slug { public static string Make(string s) => Acme.Core.Util.Id(s); }")
            .File("lib/text/internal/more.cs", "namespace Acme.Text;\ninternal static class More {}")
            .File("lib/core/util.cs", "namespace Acme.Core { public static class Util { public static string Id(string s) => s; } }")
            .File("tools/gen/Program.cs", "namespace Gen; static class Program { static void Main() {} }");

        var load = Load(t);

        load.Packages.Select(p => p.Dir).Should().Equal("cmd/app", "lib/core", "lib/text", "tools/gen");
        var app = load.ByDir("cmd/app")!;
        app.Kind.Should().Be(PackageKind.Exe);
        app.Name.Should().Be("app");
        app.Imports.Should().Equal("lib/text");
        var text = load.ByDir("lib/text")!;
        text.Kind.Should().Be(PackageKind.Lib);
        text.Name.Should().Be("Acme.lib.text");
        text.Files.Should().Equal("internal/more.cs", "slug.cs");
        text.Imports.Should().Equal("lib/core"); // through the fully qualified name Acme.Core.Util
        load.ByDir("tools/gen")!.Kind.Should().Be(PackageKind.Exe);
        load.Packages.Should().OnlyContain(p => p.Error == null);
    }

    [Fact]
    public void TheRootCanBeAPackageAndSubdirectoriesWithManifestsAreTheirOwn()
    {
        using var t = new TempTree();
        t.Module("Root")
            .File("a.cs", "namespace Root; public class A {}")
            .File("inner/b.cs", "namespace Root; public class B {}")
            .File("plugin/crossbuild.json", "{\"name\": \"Root.Plugins\", \"kind\": \"lib\"}")
            .File("plugin/p.cs", "using Root; namespace Root.Plugins; public class P : A {}");

        var load = Load(t);

        load.Packages.Select(p => (p.Dir, p.Name)).Should().Equal((".", "Root"), ("plugin", "Root.Plugins"));
        load.ByDir(".")!.Files.Should().Equal("a.cs", "inner/b.cs");
        load.ByDir("plugin")!.Imports.Should().Equal(".");
    }

    [Fact]
    public void SkipsBinObjTestdataDotAndUnderscoreEntriesAndNestedModules()
    {
        using var t = new TempTree();
        t.Module()
            .File("lib/a/a.cs", "namespace Acme.A; class A {}")
            .File("lib/a/bin/x.cs", "x")
            .File("lib/a/obj/x.cs", "x")
            .File("lib/a/testdata/x.cs", "x")
            .File("lib/a/.hidden/x.cs", "x")
            .File("lib/a/_skip/x.cs", "x")
            .File("lib/a/_skip.cs", "x")
            .File("lib/a/.skip.cs", "x")
            .File("nested/crossbuild.json", "{\"module\": \"Other\"}")
            .File("nested/n.cs", "class N {}");

        var load = Load(t);

        load.Packages.Should().ContainSingle().Which.Files.Should().Equal("a.cs");
    }

    [Fact]
    public void ConstraintsSelectFilesPerTarget()
    {
        using var t = new TempTree();
        t.Module()
            .File("app/main.cs", "System.Console.WriteLine(P.Name);")
            .File("app/p_linux.cs", "static class P { public const string Name = \"linux\"; }")
            .File("app/p_windows.cs", "static class P { public const string Name = \"windows\"; }")
            .File("app/extra.cs", "// leading comment\n//build: fancy && !windows\nstatic class Extra {}");

        var linux = Load(t).ByDir("app")!;
        linux.Files.Should().Equal("main.cs", "p_linux.cs");
        linux.IgnoredFiles.Should().Equal("extra.cs", "p_windows.cs");

        var fancy = Load(t, Linux("fancy")).ByDir("app")!;
        fancy.Files.Should().Equal("extra.cs", "main.cs", "p_linux.cs");

        var win = Load(t, Linux("fancy").SetRuntime(RidCatalog.Resolve("win-x64"))).ByDir("app")!;
        win.Files.Should().Equal("main.cs", "p_windows.cs");
    }

    [Fact]
    public void InactiveIfBranchesDoNotCreateImports()
    {
        using var t = new TempTree();
        t.Module()
            .File("lib/win/w.cs", "namespace Acme.Win; public static class W {}")
            .File("lib/posix/p.cs", "namespace Acme.Posix; public static class P {}")
            .File("lib/io/io.cs", "#if WINDOWS\nusing Acme.Win;\n#else\nusing Acme.Posix;\n#endif\nnamespace Acme.Io; class Io {}");

        var io = Load(t).ByDir("lib/io")!;
        io.Imports.Should().Equal("lib/posix");
        io.SymbolsRead.Should().Equal("WINDOWS");
    }

    [Fact]
    public void ResolvesQualifiedNamesAgainstEnclosingNamespaces()
    {
        using var t = new TempTree();
        t.Module()
            .File("lib/util/u.cs", "namespace Acme.Util; public static class Helper { public static int One() => 1; }")
            .File("lib/app/a.cs", "namespace Acme.App; static class A { static int F() => Util.Helper.One(); }")
            .File("lib/alias/a.cs", "using H = Acme.Util.Helper; namespace Other; static class B { static int F() => H.One(); }")
            .File("lib/none/n.cs", "namespace Acme.None; static class N { static int F() => System.Math.Abs(1); }");

        var load = Load(t);
        load.ByDir("lib/app")!.Imports.Should().Equal("lib/util");
        load.ByDir("lib/alias")!.Imports.Should().Equal("lib/util");
        load.ByDir("lib/none")!.Imports.Should().BeEmpty();
    }

    [Fact]
    public void ReportsImportCyclesOnEveryPackageInTheCycle()
    {
        using var t = new TempTree();
        t.Module()
            .File("lib/a/a.cs", "using Acme.B; namespace Acme.A; public class A {}")
            .File("lib/b/b.cs", "using Acme.A; namespace Acme.B; public class B {}")
            .File("lib/c/c.cs", "using Acme.A; namespace Acme.C; public class C {}");

        var load = Load(t);
        load.ByDir("lib/a")!.Error.Should().Be("import cycle not allowed: lib/a → lib/b → lib/a");
        load.ByDir("lib/b")!.Error.Should().Be("import cycle not allowed: lib/a → lib/b → lib/a");
        load.ByDir("lib/c")!.Error.Should().BeNull();
    }

    [Fact]
    public void ReportsDuplicateNames()
    {
        using var t = new TempTree();
        t.Module()
            .File("cmd/tool/main.cs", "System.Console.WriteLine();")
            .File("other/tool/main.cs", "System.Console.WriteLine();");

        var load = Load(t);
        load.Packages.Should().HaveCount(2).And.OnlyContain(p =>
            p.Error == "duplicate package name \"tool\" used by cmd/tool and other/tool");
    }

    [Fact]
    public void BadFilesAreErrorsOfTheirPackageOnly()
    {
        using var t = new TempTree();
        t.Module()
            .File("lib/bad/b.cs", "//build: linux &&\nclass B {}")
            .Bytes("lib/utf/u.cs", [.. "class U {}\n// caf"u8.ToArray(), 0xC3, 0x28, .. "\n"u8.ToArray()])
            .File("lib/two/t.cs", "//build: linux\n//build: unix\nclass T {}")
            .File("lib/good/g.cs", "class G {}");

        var load = Load(t);
        load.ByDir("lib/bad")!.Error.Should().Be("lib/bad/b.cs:1:18: invalid //build: constraint: unexpected end of expression");
        load.ByDir("lib/utf")!.Error.Should().BeNull("csc reads a file that is not UTF-8 with its fallback encoding, and so does Crossbuild");
        load.ByDir("lib/two")!.Error.Should().Be("lib/two/t.cs:2:1: second //build: line; the first is on line 1");
        load.ByDir("lib/good")!.Error.Should().BeNull();
    }

    [Fact]
    public void PackageManifestErrorsArePositioned()
    {
        using var t = new TempTree();
        t.Module()
            .File("lib/a/crossbuild.json", "{\n  \"name\": \"A\",\n  \"colour\": 1\n}")
            .File("lib/a/a.cs", "class A {}");

        Load(t).ByDir("lib/a")!.Error.Should().StartWith("lib/a/crossbuild.json:3:3: unknown field \"colour\" in package manifest");
    }

    [Fact]
    public void PatternsMatchLikeGo()
    {
        using var t = new TempTree();
        t.Module()
            .File("cmd/hello/main.cs", "System.Console.WriteLine();")
            .File("lib/a/a.cs", "namespace Acme.A; class A {}")
            .File("lib/b/b.cs", "namespace Acme.B; class B {}");
        var load = Load(t);

        PackagePattern.Match(load, ["./..."], t.Root).Select(p => p.Dir).Should().Equal("cmd/hello", "lib/a", "lib/b");
        PackagePattern.Match(load, ["./lib/..."], t.Root).Select(p => p.Dir).Should().Equal("lib/a", "lib/b");
        PackagePattern.Match(load, ["./cmd/hello", "./lib/a"], t.Root).Select(p => p.Dir).Should().Equal("cmd/hello", "lib/a");
        PackagePattern.Match(load, ["."], t.Path("lib/b")).Select(p => p.Dir).Should().Equal("lib/b");
        PackagePattern.Match(load, ["./..."], t.Path("lib")).Select(p => p.Dir).Should().Equal("lib/a", "lib/b");

        ((Action)(() => PackagePattern.Match(load, ["."], t.Root))).Should().Throw<CrossbuildException>().WithMessage("pattern .: no package in .*");
        ((Action)(() => PackagePattern.Match(load, ["./nope/..."], t.Root))).Should().Throw<CrossbuildException>().WithMessage("pattern ./nope/...: matched no packages");
        ((Action)(() => PackagePattern.Match(load, ["../..."], t.Root))).Should().Throw<CrossbuildException>().WithMessage("pattern ../...: directory * is outside the module*");
    }

    [Fact]
    public void AFileKnownFromTheFactsCacheIsReadOnlyWhenCompiledAndMustStillMatch()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("lib/a/a.cs", "namespace Acme.A; public static class C { }");
        var path = tree.Path("lib/a/a.cs");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1)); // old enough for the facts cache to trust
        var module = Module.Find(tree.Root);
        var target = new Target(module.Manifest.Framework, RidCatalog.Host, "Debug");
        Loader.Load(module, target, tree.Root, tree.Path(".cache"));
        var package = Loader.Load(module, target, tree.Root, tree.Path(".cache")).ByDir("lib/a")!;
        package.ReadSource(0).ToString().Should().Contain("class C");

        File.WriteAllText(path, "namespace Acme.A; public static class D { }");
        var act = () => package.ReadSource(0).ToString();
        act.Should().Throw<StaleSourceException>().WithMessage("*a.cs: changed during the build; build again");
    }
}
