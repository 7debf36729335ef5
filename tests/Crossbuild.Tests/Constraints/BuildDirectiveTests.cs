using Crossbuild.Constraints;
using Crossbuild.Diagnostics;

namespace Crossbuild.Tests.Constraints;

public class BuildDirectiveTests
{
    [Fact]
    public void FindsTheDirectiveAmongLeadingComments()
    {
        var d = BuildDirective.Find("// Copyright\n\n/* block\n still */\n//build: linux && !arm64\n\nnamespace X;\n", "f.cs");
        d.Should().NotBeNull();
        d!.Line.Should().Be(5);
        d.Expr.ToString().Should().Be("linux && !arm64");
    }

    [Theory]
    [InlineData("namespace X;\n//build: linux\n")]                 // after the first token
    [InlineData("/*\n//build: linux\n*/\nnamespace X;\n")]         // inside a block comment
    [InlineData("#nullable enable\n//build: linux\n")]             // a directive is a token
    [InlineData("// build: linux\n")]                              // not the prefix
    [InlineData("/* c */ //build: linux\nnamespace X;\n")]       // Go: the line must begin with the comment
    [InlineData("/* a\n b */ //build: linux\nnamespace X;\n")]  // nor may it follow the end of a block comment
    public void IgnoresLinesThatAreNotConstraints(string text) =>
        BuildDirective.Find(text, "f.cs").Should().BeNull();

    [Theory]
    [InlineData("  //build: linux\nnamespace X;\n", 1)]
    [InlineData("\t//build: linux\nnamespace X;\n", 1)]
    [InlineData("/* c */\n//build: linux\nnamespace X;\n", 2)]
    public void AcceptsALineCommentAfterSpacesOrAfterABlockCommentOnEarlierLines(string text, int line) =>
        BuildDirective.Find(text, "f.cs")!.Line.Should().Be(line);

    [Fact]
    public void ReportsASecondDirectiveWithItsPosition()
    {
        var act = () => BuildDirective.Find("//build: linux\n  //build: windows\nclass C {}", "dir/f.cs");
        act.Should().Throw<CrossbuildException>().WithMessage("dir/f.cs:2:3: second //build: line; the first is on line 1");
    }

    [Fact]
    public void ReportsABadExpressionAtItsColumn()
    {
        var act = () => BuildDirective.Find("// header\n//build: linux && !!arm64\n", "f.cs");
        act.Should().Throw<CrossbuildException>().WithMessage("f.cs:2:20: invalid //build: constraint: double negation not allowed");
    }

    [Fact]
    public void SkipsAByteOrderMarkAndCarriageReturns()
    {
        var d = BuildDirective.Find("\uFEFF//build: windows\r\nclass C {}\r\n", "f.cs");
        d!.Expr.Should().Be(new TagExpr("windows"));
    }
}
