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
    public void IgnoresLinesThatAreNotConstraints(string text) =>
        BuildDirective.Find(text, "f.cs").Should().BeNull();

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
