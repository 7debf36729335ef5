using Crossbuild.Constraints;

namespace Crossbuild.Tests.Constraints;

public class ConstraintParserTests
{
    private static bool Eval(string expr, params string[] tags) => ConstraintParser.Parse(expr).Eval(tags.Contains);

    [Theory]
    [InlineData("linux", new[] { "linux" }, true)]
    [InlineData("linux", new string[0], false)]
    [InlineData("!linux", new string[0], true)]
    [InlineData("linux && amd64", new[] { "linux", "amd64" }, true)]
    [InlineData("linux && amd64", new[] { "linux" }, false)]
    [InlineData("linux || darwin", new[] { "darwin" }, true)]
    [InlineData("!(linux || darwin)", new[] { "darwin" }, false)]
    [InlineData("!(!linux)", new[] { "linux" }, true)]
    [InlineData("v1.2_x", new[] { "v1.2_x" }, true)]
    public void Evaluates(string expr, string[] tags, bool expected) =>
        Eval(expr, tags).Should().Be(expected);

    [Fact]
    public void NotBindsTighterThanAndWhichBindsTighterThanOr()
    {
        ConstraintParser.Parse("a || b && !c").Should().Be(
            new OrExpr(new TagExpr("a"), new AndExpr(new TagExpr("b"), new NotExpr(new TagExpr("c")))));
        ConstraintParser.Parse("!a && b || c").Should().Be(
            new OrExpr(new AndExpr(new NotExpr(new TagExpr("a")), new TagExpr("b")), new TagExpr("c")));
        ConstraintParser.Parse("a && b && c").Should().Be(
            new AndExpr(new AndExpr(new TagExpr("a"), new TagExpr("b")), new TagExpr("c")));
    }

    [Theory]
    [InlineData("!!linux", 1, "double negation not allowed")]
    [InlineData("linux &&", 8, "unexpected end of expression")]
    [InlineData("", 0, "unexpected end of expression")]
    [InlineData("(linux", 0, "missing close paren")]
    [InlineData("linux)", 5, "unexpected token )")]
    [InlineData("linux darwin", 6, "unexpected token darwin")]
    [InlineData("linux & darwin", 6, "invalid syntax at &")]
    [InlineData("linux | darwin", 6, "invalid syntax at |")]
    [InlineData("linux && $x", 9, "invalid syntax at $")]
    [InlineData("&& linux", 0, "unexpected token &&")]
    public void RejectsBadSyntaxWithPosition(string expr, int offset, string reason)
    {
        var act = () => ConstraintParser.Parse(expr);
        var e = act.Should().Throw<ConstraintSyntaxException>().Which;
        e.Reason.Should().Be(reason);
        e.Offset.Should().Be(offset);
    }

    [Fact]
    public void AllowsExactlyOneThousandTags()
    {
        var ok = string.Join(" || ", Enumerable.Range(0, ConstraintParser.MaxTags).Select(i => "t" + i));
        ConstraintParser.Parse(ok).Tags().Should().HaveCount(1000);
        var act = () => ConstraintParser.Parse(ok + " || extra");
        act.Should().Throw<ConstraintSyntaxException>().WithMessage("expression too complex");
    }

    [Theory]
    [InlineData("a || b && !c", "a || b && !c")]
    [InlineData("(a || b) && c", "(a || b) && c")]
    [InlineData("a && (b && c)", "a && (b && c)")]
    [InlineData("!(!a)", "!(!a)")]
    [InlineData("  a||b ", "a || b")]
    public void PrintsCanonically(string input, string printed) =>
        ConstraintParser.Parse(input).ToString().Should().Be(printed);
}
