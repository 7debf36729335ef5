namespace Crossbuild.Constraints;

/// <summary>
/// The <c>//build:</c> line of a source file, by Go's rule for <c>//go:build</c>: it must sit among the comments at
/// the top of the file, before the first token, and be a line comment that begins its line (after optional
/// spaces). A directive inside a <c>/* */</c> comment, after one on the same line, or after the first token is not
/// a constraint.
/// </summary>
/// <param name="Expr">The parsed expression.</param>
/// <param name="Line">1-based line of the directive.</param>
public sealed record BuildDirective(ConstraintExpr Expr, int Line)
{
    /// <summary>The directive prefix.</summary>
    public const string Prefix = "//build:";

    /// <summary>
    /// Finds and parses the directive in <paramref name="text"/>. Returns null when there is none.
    /// Throws <see cref="Diagnostics.CrossbuildException"/> with <c>file:line:col</c> for a malformed expression
    /// or a second directive.
    /// </summary>
    public static BuildDirective? Find(string text, string displayPath)
    {
        BuildDirective? found = null;
        var inBlock = false;
        var lineNo = 0;
        var pos = 0;
        if (text.Length > 0 && text[0] == '\uFEFF')
            pos = 1;
        while (pos < text.Length)
        {
            lineNo++;
            var end = text.IndexOf('\n', pos);
            if (end < 0) end = text.Length;
            var line = text.AsSpan(pos, end - pos).TrimEnd('\r');
            pos = end + 1;

            var i = 0;
            // Go checks the trimmed line: only a line that starts outside a block comment can be a directive.
            var lineStartsOutside = !inBlock;
            while (true)
            {
                if (inBlock)
                {
                    var close = line[i..].IndexOf("*/");
                    if (close < 0) break;
                    i += close + 2;
                    inBlock = false;
                }
                while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
                if (i >= line.Length) break;
                var rest = line[i..];
                if (rest.StartsWith("/*"))
                {
                    inBlock = true;
                    i += 2;
                    continue;
                }
                if (!rest.StartsWith("//"))
                    return found; // the first token ends the header
                if (rest.StartsWith(Prefix) && lineStartsOutside && line[..i].IsWhiteSpace())
                {
                    var exprStart = i + Prefix.Length;
                    var exprText = line[exprStart..].ToString();
                    if (found is not null)
                        throw Diagnostics.CrossbuildException.At(displayPath, lineNo, i + 1,
                            $"second {Prefix} line; the first is on line {found.Line}");
                    ConstraintExpr expr;
                    try
                    {
                        expr = ConstraintParser.Parse(exprText);
                    }
                    catch (ConstraintSyntaxException e)
                    {
                        throw Diagnostics.CrossbuildException.At(displayPath, lineNo, exprStart + e.Offset + 1,
                            $"invalid {Prefix} constraint: {e.Reason}");
                    }
                    found = new BuildDirective(expr, lineNo);
                }
                break; // a line comment runs to the end of the line
            }
        }
        return found;
    }
}
