namespace Crossbuild.Constraints;

/// <summary>
/// Parses build-constraint expressions with exactly the grammar and limits of Go's <c>go/build/constraint</c>:
/// <c>!</c> binds tighter than <c>&amp;&amp;</c>, which binds tighter than <c>||</c>; <c>!!x</c> is an error;
/// at most <see cref="MaxTags"/> tag operands.
/// </summary>
public sealed class ConstraintParser
{
    /// <summary>The most tag operands one expression may have, as in Go.</summary>
    public const int MaxTags = 1000;

    private readonly string _text;
    private int _pos;
    private string _tok = "";
    private int _tokStart;
    private bool _isTag;
    private int _size;

    private ConstraintParser(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ConstraintSyntaxException"/> on any error.</summary>
    public static ConstraintExpr Parse(string text)
    {
        var p = new ConstraintParser(text);
        p.Lex();
        var x = p.Or();
        if (p._tok != "")
            throw new ConstraintSyntaxException(p._tokStart, $"unexpected token {p._tok}");
        return x;
    }

    private ConstraintExpr Or()
    {
        var x = And();
        while (_tok == "||")
        {
            Lex();
            x = new OrExpr(x, And());
        }
        return x;
    }

    private ConstraintExpr And()
    {
        var x = Not();
        while (_tok == "&&")
        {
            Lex();
            x = new AndExpr(x, Not());
        }
        return x;
    }

    private ConstraintExpr Not()
    {
        if (_tok != "!")
            return Atom();
        Lex();
        if (_tok == "!")
            throw new ConstraintSyntaxException(_tokStart, "double negation not allowed");
        return new NotExpr(Atom());
    }

    private ConstraintExpr Atom()
    {
        if (_isTag)
        {
            var tag = _tok;
            Lex();
            return new TagExpr(tag);
        }
        if (_tok == "(")
        {
            var open = _tokStart;
            Lex();
            var x = Or();
            if (_tok != ")")
                throw new ConstraintSyntaxException(_tok == "" ? open : _tokStart,
                    _tok == "" ? "missing close paren" : $"unexpected token {_tok}");
            Lex();
            return x;
        }
        if (_tok == "")
            throw new ConstraintSyntaxException(_tokStart, "unexpected end of expression");
        throw new ConstraintSyntaxException(_tokStart, $"unexpected token {_tok}");
    }

    private void Lex()
    {
        _isTag = false;
        while (_pos < _text.Length && (_text[_pos] == ' ' || _text[_pos] == '\t'))
            _pos++;
        _tokStart = _pos;
        if (_pos >= _text.Length)
        {
            _tok = "";
            return;
        }
        var c = _text[_pos];
        if (c is '(' or ')' or '!')
        {
            _tok = c.ToString();
            _pos++;
            return;
        }
        if (c is '&' or '|')
        {
            if (_pos + 1 >= _text.Length || _text[_pos + 1] != c)
                throw new ConstraintSyntaxException(_pos, $"invalid syntax at {c}");
            _tok = new string(c, 2);
            _pos += 2;
            return;
        }
        var start = _pos;
        while (_pos < _text.Length && IsTagChar(_text[_pos]))
            _pos++;
        if (_pos == start)
            throw new ConstraintSyntaxException(_pos, $"invalid syntax at {(char.IsSurrogatePair(_text, _pos) ? _text.Substring(_pos, 2) : _text[_pos].ToString())}");
        _tok = _text[start.._pos];
        _isTag = true;
        if (++_size > MaxTags)
            throw new ConstraintSyntaxException(start, "expression too complex");
    }

    /// <summary>Whether <paramref name="c"/> may appear in a tag: a letter, a digit, '_' or '.'.</summary>
    public static bool IsTagChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '.';

    /// <summary>Whether <paramref name="tag"/> is a well-formed tag.</summary>
    public static bool IsValidTag(string tag) => tag.Length > 0 && tag.All(IsTagChar);
}
