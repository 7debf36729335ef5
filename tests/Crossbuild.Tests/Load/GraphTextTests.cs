using Crossbuild.Load;
using Crossbuild.Tests.Support;
using FluentAssertions;

namespace Crossbuild.Tests.Load;

/// <summary>Graphs drawn as Mermaid and DOT, and <c>list --graph</c> through the CLI.</summary>
public sealed class GraphTextTests
{
    [Fact]
    public void MermaidUsesIndexIdsAndQuotedLabelsAndMarksHighlightedNodes()
    {
        var text = GraphText.Render(GraphFormat.Mermaid, ["cmd/a \"x\""], [("cmd/a \"x\"", "lib/b"), ("cmd/a \"x\"", "lib/b")],
            new HashSet<string> { "lib/b" });
        text.Should().Be("graph LR\n  n0[\"cmd/a #quot;x#quot;\"]\n  n1[\"lib/b\"]\n  n0 --> n1\n" +
                         "  classDef compiled fill:#d1f0d1,stroke:#2e7d32\n  class n1 compiled\n");
    }

    [Fact]
    public void DotEscapesQuotesAndBackslashes()
    {
        GraphText.Render(GraphFormat.Dot, ["a\\b"], [("a\\b", "c\"d")], name: "g").Should().Be(
            "digraph \"g\" {\n  rankdir=LR;\n  \"a\\\\b\";\n  \"c\\\"d\";\n  \"a\\\\b\" -> \"c\\\"d\";\n}\n");
    }

    [Fact]
    public void ListGraphDrawsTheMatchedPackagesImports()
    {
        using var tree = new TempTree();
        tree.File("crossbuild.json", "{\"module\": \"Acme\"}");
        tree.File("lib/text/t.cs", "namespace Acme.Text; public static class T { public static string Hi() => \"hi\"; }");
        tree.File("lib/other/o.cs", "namespace Acme.Other; public static class O { }");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi());");
        var mermaid = CliRunner.Run(tree.Root, "list", "--graph", "mermaid", "./...");
        mermaid.ExitCode.Should().Be(0, mermaid.StdErr);
        mermaid.StdOut.Should().Be("graph LR\n  n0[\"cmd/app\"]\n  n1[\"lib/other\"]\n  n2[\"lib/text\"]\n  n0 --> n2\n");
        var dot = CliRunner.Run(tree.Root, "list", "--graph", "dot", "./cmd/app");
        dot.StdOut.Should().Contain("  \"cmd/app\" -> \"lib/text\";");
        var bad = CliRunner.Run(tree.Root, "list", "--graph", "png", "./...");
        bad.ExitCode.Should().Be(2);
        bad.StdErr.Trim().Should().Be("crossbuild: Argument 'png' not recognized. Must be one of: 'mermaid' 'dot' (see crossbuild list --help)");
    }
}
