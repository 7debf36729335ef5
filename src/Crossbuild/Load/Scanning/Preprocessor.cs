namespace Crossbuild.Load.Scanning;

/// <summary>
/// C#'s conditional compilation for the import scanner: <c>#if</c>, <c>#elif</c>, <c>#else</c>, <c>#endif</c>,
/// <c>#define</c> and <c>#undef</c>, evaluated as Roslyn does. It also records every symbol a condition reads.
/// </summary>
internal sealed class Preprocessor(IReadOnlySet<string> symbols)
{
    private sealed class Conditional
    {
        public bool ParentActive;
        public bool Active;
        public bool Taken;
    }

    private readonly Stack<Conditional> _stack = new();
    private HashSet<string>? _defined; // copy-on-write: only files with #define/#undef pay for it

    /// <summary>Symbols read by conditions.</summary>
    public readonly SortedSet<string> Read = new(StringComparer.Ordinal);

    /// <summary>Whether the current region is active (compiled).</summary>
    public bool Active => _stack.Count == 0 || _stack.Peek().Active;

    /// <summary>Handles one directive line; <paramref name="line"/> starts after the '#'.</summary>
    public void Directive(ReadOnlySpan<char> line)
    {
        line = StripComment(line).Trim();
        var wordEnd = 0;
        while (wordEnd < line.Length && char.IsAsciiLetter(line[wordEnd])) wordEnd++;
        var word = line[..wordEnd];
        var rest = line[wordEnd..].Trim();
        switch (word)
        {
            case "if":
            {
                var parent = Active;
                var value = Evaluate(rest);
                _stack.Push(new Conditional { ParentActive = parent, Active = parent && value, Taken = !parent || value });
                break;
            }
            case "elif" when _stack.Count > 0:
            {
                var top = _stack.Peek();
                var value = Evaluate(rest);
                top.Active = top.ParentActive && !top.Taken && value;
                top.Taken |= value;
                break;
            }
            case "else" when _stack.Count > 0:
            {
                var top = _stack.Peek();
                top.Active = top.ParentActive && !top.Taken;
                top.Taken = true;
                break;
            }
            case "endif" when _stack.Count > 0:
                _stack.Pop();
                break;
            case "define" when Active:
                (_defined ??= new HashSet<string>(symbols, StringComparer.Ordinal)).Add(rest.ToString());
                break;
            case "undef" when Active:
                (_defined ??= new HashSet<string>(symbols, StringComparer.Ordinal)).Remove(rest.ToString());
                break;
        }
    }

    private static ReadOnlySpan<char> StripComment(ReadOnlySpan<char> line)
    {
        var i = line.IndexOf("//");
        return i < 0 ? line : line[..i];
    }

    private bool IsDefined(string symbol) => (_defined ?? symbols).Contains(symbol);

    // Grammar (C# spec): or := and ('||' and)*; and := eq ('&&' eq)*; eq := unary (('=='|'!=') unary)*;
    // unary := '!' unary | primary; primary := true | false | identifier | '(' or ')'. Malformed input is false.
    private bool Evaluate(ReadOnlySpan<char> expr)
    {
        var p = new ExprParser(expr.ToString(), this);
        var value = p.Or();
        return p.AtEnd && value;
    }

    private sealed class ExprParser(string text, Preprocessor owner)
    {
        private int _i;

        public bool AtEnd
        {
            get
            {
                SkipSpace();
                return _i >= text.Length;
            }
        }

        public bool Or()
        {
            var v = And();
            while (Accept("||")) v = And() | v;
            return v;
        }

        private bool And()
        {
            var v = Equality();
            while (Accept("&&")) v = Equality() & v;
            return v;
        }

        private bool Equality()
        {
            var v = Unary();
            while (true)
            {
                if (Accept("==")) v = v == Unary();
                else if (Accept("!=")) v = v != Unary();
                else return v;
            }
        }

        private bool Unary() => Accept("!") ? !Unary() : Primary();

        private bool Primary()
        {
            if (Accept("("))
            {
                var v = Or();
                Accept(")");
                return v;
            }
            SkipSpace();
            var start = _i;
            while (_i < text.Length && (char.IsLetterOrDigit(text[_i]) || text[_i] == '_')) _i++;
            var word = text[start.._i];
            if (word.Length == 0)
            {
                _i = text.Length; // malformed: stop
                return false;
            }
            if (word == "true") return true;
            if (word == "false") return false;
            owner.Read.Add(word);
            return owner.IsDefined(word);
        }

        private bool Accept(string op)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _i, op, 0, op.Length) != 0) return false;
            if (op == "!" && _i + 1 < text.Length && text[_i + 1] == '=') return false;
            _i += op.Length;
            return true;
        }

        private void SkipSpace()
        {
            while (_i < text.Length && char.IsWhiteSpace(text[_i])) _i++;
        }
    }
}
