using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Test;

/// <summary>A module with tests in each framework, as a team would have it (the frameworks are real registry packages).</summary>
internal static class TestModule
{
    public const string Xunit = "4.0.2";
    public const string Trx = "2.5.2";

    /// <summary>
    /// lib/text (xunit v3 in-package tests using an internal member, one failing when <paramref name="failing"/>),
    /// tests/it (an external test package), lib/nu (NUnit), lib/ms (MSTest), cmd/app (no tests).
    /// </summary>
    public static TempTree Create(bool failing = false, string moduleExtra = "")
    {
        var tree = new TempTree();
        tree.File("crossbuild.json", $$"""
            { "module": "Acme", "testPackages": { "xunit.v3": "{{Xunit}}", "Microsoft.Testing.Extensions.TrxReport": "{{Trx}}" }{{moduleExtra}} }
            """);
        tree.File("lib/text/Slug.cs", """
            namespace Acme.Text;
            public static class Slug
            {
                public static string Make(string s) => Lower(s.Trim()).Replace(' ', '-');
                internal static string Lower(string s) => s.ToLowerInvariant();
            }
            """);
        tree.File("lib/text/slug_test.cs", $$"""
            using Xunit;
            namespace Acme.Text;
            public class SlugTests
            {
                [Fact] public void Makes() => Assert.Equal("a-b", Slug.Make(" A B "));
                [Fact] public void LowersInternally() => Assert.Equal("x", Slug.Lower("X"));
                [Fact] public void Checks() => Assert.Equal({{(failing ? "\"no\"" : "\"yes\"")}}, Slug.Make("yes"));
                [Theory, InlineData("A", "a"), InlineData("B", "b")] public void Data(string a, string b) => Assert.Equal(b, Slug.Lower(a));
                [Fact(Skip = "later")] public void Skipped() { }
            }
            """);
        tree.File("tests/it/it_test.cs", """
            using Xunit;
            using Acme.Text;
            namespace Acme.Integration;
            public class ItTests { [Fact] public void Works() => Assert.Equal("x-y", Slug.Make("X Y")); }
            """);
        tree.File("lib/nu/crossbuild.json", $$"""{ "testPackages": { "NUnit": "5.0.0", "NUnit3TestAdapter": "6.3.1", "Microsoft.Testing.Extensions.TrxReport": "{{Trx}}" } }""");
        tree.File("lib/nu/Calc.cs", "namespace Acme.Nu;\npublic static class Calc { public static int Add(int a, int b) => a + b; }\n");
        tree.File("lib/nu/calc_test.cs", """
            using NUnit.Framework;
            namespace Acme.Nu;
            public class CalcTests
            {
                [Test] public void Adds() => Assert.That(Calc.Add(1, 2), Is.EqualTo(3));
                [TestCase(1, 1, 2), TestCase(2, 2, 4)] public void Cases(int a, int b, int c) => Assert.That(Calc.Add(a, b), Is.EqualTo(c));
                [Test, Ignore("later")] public void Skipped() { }
            }
            """);
        tree.File("lib/ms/crossbuild.json", $$"""{ "testPackages": { "MSTest.TestFramework": "4.5.2", "MSTest.TestAdapter": "4.5.2", "Microsoft.Testing.Extensions.TrxReport": "{{Trx}}" } }""");
        tree.File("lib/ms/Calc.cs", "namespace Acme.Ms;\npublic static class Calc { public static int Mul(int a, int b) => a * b; }\n");
        tree.File("lib/ms/calc_test.cs", """
            namespace Acme.Ms;
            [TestClass] public class CalcTests
            {
                [TestMethod] public void Muls() => Assert.AreEqual(6, Calc.Mul(2, 3));
                [TestMethod, DataRow(2, 2, 4)] public void Rows(int a, int b, int c) => Assert.AreEqual(c, Calc.Mul(a, b));
                [TestMethod, Ignore("later")] public void Skipped() { }
            }
            """);
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.Slug.Make(\"Hello World\"));\n");
        return tree;
    }

    /// <summary>The CLI in <paramref name="tree"/> with a cache of its own (result caching is what tests check).</summary>
    public static ProcessRunner.Result Cli(TempTree tree, params string[] args) => Cli(tree, new Dictionary<string, string>(), args);

    public static ProcessRunner.Result Cli(TempTree tree, Dictionary<string, string> env, params string[] args)
    {
        env["CROSSBUILD_CACHE"] = tree.Path(".cache");
        return CliRunner.Run(tree.Root, env, args);
    }
}

/// <summary>Skipped unless every test framework package the module uses is in the global packages folder.</summary>
public sealed class TestFrameworksFactAttribute : FactAttribute
{
    public TestFrameworksFactAttribute()
    {
        foreach (var (id, version) in new[] { ("xunit.v3", TestModule.Xunit), ("NUnit3TestAdapter", "6.3.1"), ("MSTest.TestAdapter", "4.5.2"), ("Microsoft.Testing.Extensions.TrxReport", TestModule.Trx) })
            if (RestoredPackage.Nupkg(id, version) is null)
            {
                Skip = $"needs {id} {version} in the global packages folder (the test project's PackageDownload restores it)";
                return;
            }
    }
}
