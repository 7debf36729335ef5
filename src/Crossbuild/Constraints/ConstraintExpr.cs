namespace Crossbuild.Constraints;

/// <summary>
/// A build-constraint expression, the C# spelling of Go's <c>//go:build</c> expressions:
/// tags combined with <c>!</c>, <c>&amp;&amp;</c>, <c>||</c> and parentheses.
/// </summary>
public abstract record ConstraintExpr
{
    /// <summary>Evaluates the expression; <paramref name="isTagSet"/> says whether a tag is true.</summary>
    public abstract bool Eval(Func<string, bool> isTagSet);

    /// <summary>Every tag the expression mentions, in order of appearance (with repeats).</summary>
    public abstract IEnumerable<string> Tags();

    /// <summary>Formats the expression in canonical form, parenthesised where precedence requires it.</summary>
    public abstract override string ToString();
}

/// <summary>A single tag, true when the target has it.</summary>
public sealed record TagExpr(string Tag) : ConstraintExpr
{
    /// <inheritdoc/>
    public override bool Eval(Func<string, bool> isTagSet) => isTagSet(Tag);

    /// <inheritdoc/>
    public override IEnumerable<string> Tags() { yield return Tag; }

    /// <inheritdoc/>
    public override string ToString() => Tag;
}

/// <summary>Negation: <c>!x</c>.</summary>
public sealed record NotExpr(ConstraintExpr Operand) : ConstraintExpr
{
    /// <inheritdoc/>
    public override bool Eval(Func<string, bool> isTagSet) => !Operand.Eval(isTagSet);

    /// <inheritdoc/>
    public override IEnumerable<string> Tags() => Operand.Tags();

    /// <inheritdoc/>
    // "!!x" is not valid syntax, so a negated negation keeps its parentheses: "!(!x)".
    public override string ToString() => Operand is TagExpr ? "!" + Operand : "!(" + Operand + ")";
}

/// <summary>Conjunction: <c>x &amp;&amp; y</c>.</summary>
public sealed record AndExpr(ConstraintExpr Left, ConstraintExpr Right) : ConstraintExpr
{
    /// <inheritdoc/>
    public override bool Eval(Func<string, bool> isTagSet) => Left.Eval(isTagSet) && Right.Eval(isTagSet);

    /// <inheritdoc/>
    public override IEnumerable<string> Tags() => Left.Tags().Concat(Right.Tags());

    /// <inheritdoc/>
    // Parsing is left-associative, so a right operand that is itself binary keeps its parentheses.
    public override string ToString() =>
        (Left is OrExpr ? "(" + Left + ")" : Left.ToString()) + " && " +
        (Right is OrExpr or AndExpr ? "(" + Right + ")" : Right.ToString());
}

/// <summary>Disjunction: <c>x || y</c>.</summary>
public sealed record OrExpr(ConstraintExpr Left, ConstraintExpr Right) : ConstraintExpr
{
    /// <inheritdoc/>
    public override bool Eval(Func<string, bool> isTagSet) => Left.Eval(isTagSet) || Right.Eval(isTagSet);

    /// <inheritdoc/>
    public override IEnumerable<string> Tags() => Left.Tags().Concat(Right.Tags());

    /// <inheritdoc/>
    public override string ToString() => Left + " || " + (Right is OrExpr ? "(" + Right + ")" : Right.ToString());
}
