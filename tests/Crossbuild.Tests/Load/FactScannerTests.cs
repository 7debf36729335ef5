using Crossbuild.Load;
using Crossbuild.Tests.Support;
using Microsoft.CodeAnalysis.CSharp;

namespace Crossbuild.Tests.Load;

/// <summary>The load stage's imports-only scanner, checked against a full Roslyn parse.</summary>
public class FactScannerTests
{
    private static readonly HashSet<string> Symbols = ["DEBUG", "TRACE", "LINUX", "NET"];

    private static SourceFacts Scan(string text) => SourceFacts.Scan(text, Symbols);

    private static SourceFacts Roslyn(string text) =>
        RoslynFacts.Of(CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: Symbols)));

    public static TheoryData<string> Sources => new()
    {
        "using System;\nusing Acme.Text;\nnamespace Acme.App;\nclass A { void M() { Acme.Core.Util.Run(); } }",
        "global using static Acme.Math.Ops;\nusing X = Acme.Core.Thing<int>;\nnamespace N { namespace Inner { class C {} } }",
        "Console.WriteLine(Acme.Text.Slug.Make(\"a\"));",
        "using var x = new Acme.Io.Reader();\nreturn 1;",
        "[assembly: Acme.Meta.Marker]\nnamespace A.B { public static class P { public static int Main(string[] args) => 0; } }",
        "namespace A; static class P { static async System.Threading.Tasks.Task Main() { await System.Threading.Tasks.Task.Yield(); } }",
        "namespace A; class P { void Main() {} static void Other() { Main(); } }",
        "#if LINUX\nusing Acme.Posix;\n#elif WINDOWS\nusing Acme.Win;\n#else\nusing Acme.Other;\n#endif\nnamespace A; class C {}",
        "#if !DEBUG && (FOO || BAR == true)\nusing Acme.No;\n#endif\n#define FOO\n#if FOO\nusing Acme.Yes;\n#endif\nclass C {}",
        "var s = $\"{Acme.Fmt.Pretty(1):N2} and {(true ? Acme.A.B.C : 1)} {{literal}}\";\nvar r = $$\"\"\"\n  {{Acme.Raw.Value}} {not.a.hole}\n  \"\"\";\nvar v = @\"C:\\Acme.Not.Used\";",
        "class C { string s = \"Acme.Not.Code\"; char c = '\\''; /* Acme.Comment.X */ // Acme.Line.Y\n int x = 1.5.CompareTo(2); }",
        "record R(int X);\nrecord struct S(Acme.Types.T Value);",
        "namespace A.B;\npublic record Person(string Name)\n{\n    public static Person Main => new(\"x\");\n}",
        "extern alias Foo;\nusing Foo::Bar;\nnamespace A; class C { global::Acme.Root.Type t; }",
        "using (var s = new Acme.Io.Stream()) { }\n",
        "static void Local() { }\nLocal();",
        "[System.Obsolete] class Old { }",
        "namespace Outer { using Acme.Inner; class C { List<Acme.Gen.Item<int>> xs = new(); int y = a.b.c; } }",
        "var x = a?.B.C ?? d!.E.F;\nvar y = this_is.Not.Member;",
        "public enum E { A, B }\npublic interface I { static abstract void Main(); }",
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void AgreesWithRoslyn(string source)
    {
        var scanned = Scan(source);
        var roslyn = Roslyn(source);
        scanned.DeclaredNamespaces.Should().Equal(roslyn.DeclaredNamespaces);
        scanned.HasEntryPoint.Should().Be(roslyn.HasEntryPoint);
        scanned.SymbolsRead.Should().Equal(roslyn.SymbolsRead);
        Dotted(scanned).Should().Equal(Dotted(roslyn));
    }

    private static string[] Dotted(SourceFacts facts) =>
        facts.Uses.Where(u => u.Name.Contains('.')).Select(u => u.Context + ":" + u.Name).Distinct().Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void SkipsInactiveRegionsAndRecordsEverySymbolRead()
    {
        var facts = Scan("#if WINDOWS\nusing Acme.Win;\n#if NESTED\n#endif\n#else\nusing Acme.Posix;\n#endif\nclass C {}");
        facts.Uses.Select(u => u.Name).Should().Equal("Acme.Posix");
        facts.SymbolsRead.Should().Equal("NESTED", "WINDOWS");
    }

    [Fact]
    public void ConditionalAttributesNameTheSymbolsTheirCallsDependOn()
    {
        var facts = Scan("using System.Diagnostics;\nstatic class L {\n [Conditional(\"LOGGING\")] static void A() {}\n" +
                         " [System.Diagnostics.ConditionalAttribute(\"LINUX\"), Obsolete] static void B() {}\n string s = \"Conditional(\\\"NOT\\\")\";\n}");
        facts.ConditionalSymbols.Should().Equal("LINUX", "LOGGING");
    }

    [Fact]
    public void UsingDirectivesInsideNamespacesKeepTheirContext()
    {
        var facts = Scan("namespace Acme.App { using Util; class C {} }");
        facts.Uses.Should().Equal(new NameUse("Acme.App", "Util"));
    }

    [Fact]
    public void AgreesWithRoslynOnTheRepositorysOwnSources()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var files = Directory.GetFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
            .ToArray();
        files.Should().HaveCountGreaterThan(30);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var scanned = Scan(text);
            var roslyn = Roslyn(text);
            scanned.DeclaredNamespaces.Should().Equal(roslyn.DeclaredNamespaces, file);
            scanned.HasEntryPoint.Should().Be(roslyn.HasEntryPoint, file);
            scanned.Uses.Where(u => u.Name.Contains('.')).Select(u => u.Name).Distinct().Order()
                .Should().BeSubsetOf(roslyn.Uses.Select(u => u.Name).Concat(roslyn.Uses.Select(u => u.Name + ".")).Distinct(), file);
        }
    }
}
