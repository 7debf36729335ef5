namespace Crossbuild.Load.Scanning;

/// <summary>
/// Reads <see cref="SourceFacts"/> from a token stream: declared namespaces, names used by using directives and
/// dotted names, whether the file has top-level statements or a <c>static Main</c>. It is the load stage's
/// imports-only parse; the compile stage parses fully with Roslyn.
/// </summary>
internal sealed class FactScanner
{
    private enum FrameKind : byte { Namespace, Type, Other }

    private readonly record struct Frame(FrameKind Kind, string Namespace);

    private static readonly HashSet<string> TypeKeywords = new(StringComparer.Ordinal) { "class", "struct", "interface", "enum" };

    private static readonly HashSet<string> Modifiers = new(StringComparer.Ordinal)
    {
        "public", "internal", "private", "protected", "static", "sealed", "abstract", "partial", "file", "unsafe",
        "readonly", "ref", "new", "extern",
    };

    private readonly string _s;
    private readonly List<Token> _t;
    private readonly List<Frame> _frames = [];
    private readonly SortedSet<string> _declared = new(StringComparer.Ordinal);
    private readonly List<NameUse> _uses = [];
    private readonly SortedSet<string> _conditional = new(StringComparer.Ordinal);
    private string _fileNamespace = "";
    private int _i;
    private bool _entryPoint;

    // The current "segment": tokens since the last '{', '}' or ';' at this depth.
    private bool _segStatic, _segType, _segEmpty = true;

    // Top-level statement detection: only before the first namespace or type declaration.
    private bool _declarationsSeen;
    private int _attributeDepth;

    private FactScanner(string text, List<Token> tokens)
    {
        _s = text;
        _t = tokens;
    }

    /// <summary>Scans <paramref name="text"/> with <paramref name="symbols"/> defined.</summary>
    public static SourceFacts Scan(string text, IReadOnlySet<string> symbols)
    {
        var (tokens, read) = Lexer.Lex(text, symbols);
        var scanner = new FactScanner(text, tokens);
        scanner.Run();
        return new SourceFacts(scanner._declared.ToArray(), scanner._uses, scanner._entryPoint, read.ToArray())
        {
            ConditionalSymbols = scanner._conditional.ToArray(),
        };
    }

    private string Context
    {
        get
        {
            for (var k = _frames.Count - 1; k >= 0; k--)
                if (_frames[k].Kind == FrameKind.Namespace) return _frames[k].Namespace;
            return _fileNamespace;
        }
    }

    private ReadOnlySpan<char> Text(int k) => _s.AsSpan(_t[k].Start, _t[k].Length);

    private bool Is(int k, TokenKind kind, string text) => _t[k].Kind == kind && Text(k).SequenceEqual(text);

    private bool IsPunct(int k, char c) => _t[k].Kind == TokenKind.Punct && _t[k].Length == 1 && _s[_t[k].Start] == c;

    private bool AtNamespaceLevel => _frames.Count == 0 || _frames[^1].Kind == FrameKind.Namespace;

    private void Run()
    {
        while (_t[_i].Kind != TokenKind.End)
        {
            var tok = _t[_i];
            if (tok.Kind == TokenKind.Keyword && Is(_i, TokenKind.Keyword, "namespace"))
            {
                Namespace();
                continue;
            }
            if (_segEmpty && AtNamespaceLevel && UsingDirective())
                continue;
            if (_frames.Count == 0 && !_declarationsSeen && !_entryPoint)
                TopLevelMember();

            if (tok.Kind == TokenKind.Punct)
            {
                var c = _s[tok.Start];
                if (c == '{')
                {
                    _frames.Add(new Frame(_segType ? FrameKind.Type : FrameKind.Other, ""));
                    ResetSegment();
                }
                else if (c == '}')
                {
                    if (_frames.Count > 0) _frames.RemoveAt(_frames.Count - 1);
                    ResetSegment();
                }
                else if (c == ';')
                    ResetSegment();
                else
                    _segEmpty = false;
                _i++;
                continue;
            }

            _segEmpty = false;
            if (tok.Kind == TokenKind.Keyword)
            {
                var word = Text(_i);
                if (word.SequenceEqual("static")) _segStatic = true;
                else if (TypeKeywords.Contains(word.ToString())) _segType = true;
                _i++;
                continue;
            }
            if (tok.Kind == TokenKind.Identifier)
            {
                if (Text(_i).SequenceEqual("record") && _t[_i + 1].Kind == TokenKind.Identifier) _segType = true;
                if (_segStatic && Text(_i).SequenceEqual("Main") && IsPunct(_i + 1, '(') &&
                    _frames.Count > 0 && _frames[^1].Kind == FrameKind.Type)
                    _entryPoint = true;
                Chain();
                continue;
            }
            _i++;
        }
    }

    private void ResetSegment()
    {
        _segStatic = _segType = false;
        _segEmpty = true;
        if (_frames.Count == 0) _top = TopState.Start;
    }

    // namespace A.B { ... } or namespace A.B; — the name is a declaration, not a use.
    private void Namespace()
    {
        _i++;
        var name = DottedName(ref _i, allowGeneric: false);
        _declarationsSeen = true;
        if (name is null) return;
        var outer = Context;
        var full = outer.Length == 0 ? name : outer + "." + name;
        _declared.Add(full);
        if (IsPunct(_i, '{'))
        {
            _frames.Add(new Frame(FrameKind.Namespace, full));
            _i++;
        }
        else if (IsPunct(_i, ';'))
        {
            _fileNamespace = full;
            _i++;
        }
        ResetSegment();
    }

    // [global] using [static] [Alias =] Name ; — returns false (consuming nothing) for using statements.
    private bool UsingDirective()
    {
        var k = _i;
        if (Is(k, TokenKind.Identifier, "global") && Is(k + 1, TokenKind.Keyword, "using")) k++;
        if (!Is(k, TokenKind.Keyword, "using")) return false;
        k++;
        var isStatic = Is(k, TokenKind.Keyword, "static");
        if (isStatic) k++;
        var isAlias = _t[k].Kind == TokenKind.Identifier && IsPunct(k + 1, '=');
        if (isAlias) k += 2;
        var nameStart = k;
        var name = DottedName(ref k, allowGeneric: true);
        if (!isStatic && !isAlias && (name is null || !IsPunct(k, ';')))
            return false; // using (...) or using var x = ... : a statement
        if (!string.IsNullOrEmpty(name)) _uses.Add(new NameUse(Context, name));
        // Skip to the end of the directive (an alias may name any type, e.g. a tuple).
        k = Math.Max(k, nameStart);
        while (_t[k].Kind != TokenKind.End && !IsPunct(k, ';')) k++;
        _i = _t[k].Kind == TokenKind.End ? k : k + 1;
        ResetSegment();
        return true;
    }

    private enum TopState : byte { Start, Attribute, Modifiers, Decided }

    private TopState _top;

    // Decides whether a top-level member is a statement (so the file has an entry point) or a declaration.
    private void TopLevelMember()
    {
        var tok = _t[_i];
        switch (_top)
        {
            case TopState.Decided:
                return;
            case TopState.Attribute:
                if (IsPunct(_i, '[')) _attributeDepth++;
                else if (IsPunct(_i, ']') && --_attributeDepth == 0) _top = TopState.Start;
                return;
        }
        if (IsPunct(_i, '['))
        {
            _attributeDepth = 1;
            _top = TopState.Attribute;
            return;
        }
        if (IsPunct(_i, ';') || IsPunct(_i, '}')) return;
        var word = Text(_i).ToString();
        if (tok.Kind == TokenKind.Keyword && (TypeKeywords.Contains(word) || word is "delegate" or "namespace") ||
            tok.Kind == TokenKind.Identifier && word == "record" && _t[_i + 1].Kind == TokenKind.Identifier)
        {
            _declarationsSeen = true;
            _top = TopState.Decided;
            return;
        }
        if (_top == TopState.Modifiers && tok.Kind == TokenKind.Identifier && word == "alias")
        {
            _top = TopState.Decided; // extern alias X;
            return;
        }
        if ((tok.Kind == TokenKind.Keyword || tok.Kind == TokenKind.Identifier) && Modifiers.Contains(word))
        {
            _top = TopState.Modifiers;
            return;
        }
        _entryPoint = true; // anything else at the top level is a statement
    }

    // A dotted name: [global::] Ident (. Ident)*, generic argument lists skipped when allowed. A name qualified by
    // an extern alias (Alias::X.Y) names another assembly, never this module: it is consumed and reported as "".
    private string? DottedName(ref int k, bool allowGeneric)
    {
        var external = false;
        if (_t[k].Kind == TokenKind.Identifier && Is(k + 1, TokenKind.Punct, "::"))
        {
            external = !Is(k, TokenKind.Identifier, "global");
            k += 2;
        }
        if (_t[k].Kind != TokenKind.Identifier) return null;
        var name = DottedRest(ref k, allowGeneric);
        return external ? "" : name;
    }

    private string DottedRest(ref int k, bool allowGeneric)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(Text(k));
        k++;
        while (true)
        {
            if (allowGeneric && IsPunct(k, '<')) SkipAngles(ref k);
            if (IsPunct(k, '.') && _t[k + 1].Kind == TokenKind.Identifier)
            {
                sb.Append('.').Append(Text(k + 1));
                k += 2;
            }
            else return sb.ToString();
        }
    }

    private void SkipAngles(ref int k)
    {
        var depth = 0;
        for (var j = k; _t[j].Kind != TokenKind.End; j++)
        {
            if (IsPunct(j, '<')) depth++;
            else if (IsPunct(j, '>') && --depth == 0)
            {
                k = j + 1;
                return;
            }
            else if (!(_t[j].Kind is TokenKind.Identifier or TokenKind.Keyword || IsPunct(j, ',') || IsPunct(j, '.') ||
                       IsPunct(j, '?') || IsPunct(j, '[') || IsPunct(j, ']') || Is(j, TokenKind.Punct, "::")))
                return; // not a type argument list: a comparison
        }
    }

    // [Conditional("SYMBOL")] or [System.Diagnostics.ConditionalAttribute("SYMBOL")]: record SYMBOL.
    private void ConditionalAttribute(string name, int k)
    {
        var last = name[(name.LastIndexOf('.') + 1)..];
        if (last is not ("Conditional" or "ConditionalAttribute") || !IsPunct(k, '(') || _t[k + 1].Kind != TokenKind.Literal) return;
        var open = _t[k + 1].Start;
        if (_s[open] != '"') return;
        var close = _s.IndexOf('"', open + 1);
        if (close > open + 1) _conditional.Add(_s[(open + 1)..close]);
    }

    // A chain of identifiers joined by '.', not itself a member of something else, with two or more parts.
    private void Chain()
    {
        var start = _i;
        var previous = start > 0 ? _t[start - 1] : default;
        var isMember = start > 0 && previous.Kind == TokenKind.Punct &&
                       (_s[previous.Start] == '.' || (previous.Length == 2 && _s[previous.Start] == ':'));
        var global = Is(_i, TokenKind.Identifier, "global") && Is(_i + 1, TokenKind.Punct, "::");
        var k = _i;
        var name = DottedName(ref k, allowGeneric: false);
        _i = Math.Max(k, start + 1);
        if (!string.IsNullOrEmpty(name)) ConditionalAttribute(name, k);
        if (isMember || string.IsNullOrEmpty(name)) return;
        if (global || name.Contains('.'))
            _uses.Add(new NameUse(Context, name));
    }
}
