using CsCheck;
using Crossbuild.Constraints;

namespace Crossbuild.Tests.Constraints;

public class ConstraintPropertyTests
{
    private static readonly Gen<ConstraintExpr> Tag =
        Gen.OneOfConst("linux", "windows", "x64", "arm64", "v1.2", "my_tag", "unix").Select(t => (ConstraintExpr)new TagExpr(t));

    private static Gen<ConstraintExpr> Expr(int depth) => depth == 0
        ? Tag
        : Gen.Frequency(
            (3, Tag),
            (2, Expr(depth - 1).Select(x => (ConstraintExpr)new NotExpr(x))),
            (2, Gen.Select(Expr(depth - 1), Expr(depth - 1), (a, b) => (ConstraintExpr)new AndExpr(a, b))),
            (2, Gen.Select(Expr(depth - 1), Expr(depth - 1), (a, b) => (ConstraintExpr)new OrExpr(a, b))));

    [Fact]
    public void PrintedExpressionsParseBackToTheSameTree() =>
        Expr(5).Sample(e => ConstraintParser.Parse(e.ToString()).Should().Be(e), iter: 2000);

    [Fact]
    public void ParserThrowsNothingButConstraintErrors() =>
        Gen.Char["ab!&|() \t._1é$"].Array[0, 24].Select(a => new string(a)).Sample(text =>
        {
            try
            {
                var parsed = ConstraintParser.Parse(text);
                ConstraintParser.Parse(parsed.ToString()).Should().Be(parsed);
            }
            catch (ConstraintSyntaxException e)
            {
                e.Offset.Should().BeInRange(0, text.Length);
            }
        }, iter: 5000);

    [Fact]
    public void EvaluationMatchesTheTreeMeaning()
    {
        static bool Meaning(ConstraintExpr e, ISet<string> tags) => e switch
        {
            TagExpr t => tags.Contains(t.Tag),
            NotExpr n => !Meaning(n.Operand, tags),
            AndExpr a => Meaning(a.Left, tags) && Meaning(a.Right, tags),
            OrExpr o => Meaning(o.Left, tags) || Meaning(o.Right, tags),
            _ => throw new InvalidOperationException(),
        };
        Gen.Select(Expr(4), Gen.OneOfConst("linux", "windows", "x64", "arm64", "v1.2", "my_tag", "unix").HashSet[0, 7])
            .Sample((e, tags) => ConstraintParser.Parse(e.ToString()).Eval(tags.Contains).Should().Be(Meaning(e, tags)), iter: 1000);
    }
}
