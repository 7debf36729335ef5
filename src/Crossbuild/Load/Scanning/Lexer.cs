namespace Crossbuild.Load.Scanning;

/// <summary>
/// A fast C# tokenizer for the load stage, the counterpart of Go's imports-only parse. It drops comments,
/// whitespace and inactive <c>#if</c> regions, collapses every literal (including interpolated and raw strings)
/// into one <see cref="TokenKind.Literal"/> token, and keeps the code inside interpolation holes as tokens.
/// </summary>
internal sealed class Lexer
{
    private readonly string _s;
    private readonly List<Token> _tokens;
    private readonly Preprocessor _pp;
    private int _i;
    private bool _lineStart = true;

    private Lexer(string text, IReadOnlySet<string> symbols)
    {
        _s = text;
        _tokens = new List<Token>(text.Length / 6);
        _pp = new Preprocessor(symbols);
    }

    /// <summary>Tokenizes <paramref name="text"/> with the given preprocessor symbols defined.</summary>
    public static (List<Token> Tokens, IReadOnlyCollection<string> SymbolsRead) Lex(string text, IReadOnlySet<string> symbols)
    {
        var lexer = new Lexer(text, symbols);
        lexer.Code(inHole: false);
        lexer._tokens.Add(new Token(TokenKind.End, text.Length, 0));
        return (lexer._tokens, lexer._pp.Read);
    }

    private char At(int i) => i < _s.Length ? _s[i] : '\0';

    private void Emit(TokenKind kind, int start, int length) => _tokens.Add(new Token(kind, start, length));

    /// <summary>Lexes code. In a hole, returns after the closing '}' or at a top-level ':' (format clause).</summary>
    /// <returns>True when it stopped at a format clause ':' (not consumed).</returns>
    private bool Code(bool inHole)
    {
        var depth = 0;
        while (_i < _s.Length)
        {
            var c = _s[_i];
            if (c == '\n')
            {
                _i++;
                _lineStart = true;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                _i++;
                continue;
            }
            if (c == '#' && _lineStart && !inHole)
            {
                DirectiveLine();
                continue;
            }
            _lineStart = false;
            if (c == '/' && At(_i + 1) == '/')
            {
                while (_i < _s.Length && _s[_i] != '\n') _i++;
                continue;
            }
            if (c == '/' && At(_i + 1) == '*')
            {
                var end = _s.IndexOf("*/", _i + 2, StringComparison.Ordinal);
                _i = end < 0 ? _s.Length : end + 2;
                continue;
            }
            if (IsIdentStart(c) || (c == '@' && IsIdentStart(At(_i + 1))))
            {
                var verbatim = c == '@';
                var start = verbatim ? _i + 1 : _i;
                _i = start + 1;
                while (_i < _s.Length && IsIdentPart(_s[_i])) _i++;
                var kind = !verbatim && Keywords.IsReserved(_s.AsSpan(start, _i - start)) ? TokenKind.Keyword : TokenKind.Identifier;
                Emit(kind, start, _i - start);
                continue;
            }
            if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(At(_i + 1))))
            {
                var start = _i;
                while (_i < _s.Length && (char.IsAsciiLetterOrDigit(_s[_i]) || _s[_i] == '_' ||
                                          (_s[_i] == '.' && char.IsAsciiDigit(At(_i + 1)))))
                    _i++;
                Emit(TokenKind.Literal, start, _i - start);
                continue;
            }
            if (c is '"' or '$' or '\'' || (c == '@' && At(_i + 1) is '"' or '$'))
            {
                if (Literal()) continue;
            }
            if (inHole)
            {
                if (c is '(' or '[' or '{') depth++;
                else if (c is ')' or ']') depth--;
                else if (c == '}')
                {
                    if (depth == 0)
                    {
                        _i++;
                        return false;
                    }
                    depth--;
                }
                else if (c == ':' && depth == 0 && At(_i + 1) != ':')
                    return true;
            }
            if (c == ':' && At(_i + 1) == ':')
            {
                Emit(TokenKind.Punct, _i, 2);
                _i += 2;
                continue;
            }
            Emit(TokenKind.Punct, _i, 1);
            _i++;
        }
        return false;
    }

    private void DirectiveLine()
    {
        var end = _s.IndexOf('\n', _i);
        if (end < 0) end = _s.Length;
        _pp.Directive(_s.AsSpan(_i + 1, end - _i - 1));
        _i = end;
        // Skip inactive regions line by line, looking only at directive lines, as the compiler does.
        while (!_pp.Active && _i < _s.Length)
        {
            _i++; // past '\n'
            var lineEnd = _s.IndexOf('\n', _i);
            if (lineEnd < 0) lineEnd = _s.Length;
            var line = _s.AsSpan(_i, lineEnd - _i).TrimStart();
            if (line.Length > 0 && line[0] == '#')
                _pp.Directive(line[1..]);
            _i = lineEnd;
        }
    }

    /// <summary>Lexes a string or character literal at the cursor; returns false when it is not one after all.</summary>
    private bool Literal()
    {
        var start = _i;
        if (_s[_i] == '\'')
        {
            _i++;
            while (_i < _s.Length && _s[_i] != '\'' && _s[_i] != '\n')
                _i += _s[_i] == '\\' ? 2 : 1;
            if (_i < _s.Length && _s[_i] == '\'') _i++;
            Emit(TokenKind.Literal, start, _i - start);
            return true;
        }
        var dollars = 0;
        var verbatim = false;
        var j = _i;
        if (_s[j] == '@') { verbatim = true; j++; }
        while (At(j) == '$') { dollars++; j++; }
        if (!verbatim && At(j) == '@') { verbatim = true; j++; }
        if (At(j) != '"') return false;
        var quotes = 0;
        while (At(j + quotes) == '"') quotes++;
        if (quotes >= 3 && !verbatim)
        {
            _i = j + quotes;
            Emit(TokenKind.Literal, start, _i - start);
            RawBody(quotes, dollars);
            Utf8Suffix();
            Closed(dollars);
            return true;
        }
        _i = j + 1;
        Emit(TokenKind.Literal, start, 1);
        if (verbatim) VerbatimBody(dollars > 0);
        else RegularBody(dollars > 0);
        Utf8Suffix();
        Closed(dollars);
        return true;
    }

    // After an interpolated string, a literal token again: what follows it ($"{a}".Length) must not continue a dotted
    // name that a hole's last token began.
    private void Closed(int dollars)
    {
        if (dollars > 0) Emit(TokenKind.Literal, _i, 0);
    }

    // "..."u8 is one literal: the suffix must not read as an identifier.
    private void Utf8Suffix()
    {
        if (At(_i) is 'u' or 'U' && At(_i + 1) == '8' && !IsIdentPart(At(_i + 2))) _i += 2;
    }

    private void RegularBody(bool interpolated)
    {
        while (_i < _s.Length)
        {
            var c = _s[_i];
            if (c == '"' || c == '\n') { _i++; return; }
            if (c == '\\') { _i += 2; continue; }
            if (interpolated && c == '{') SingleBraceHole();
            else _i++;
        }
    }

    private void VerbatimBody(bool interpolated)
    {
        while (_i < _s.Length)
        {
            var c = _s[_i];
            if (c == '"')
            {
                if (At(_i + 1) == '"') { _i += 2; continue; }
                _i++;
                return;
            }
            if (interpolated && c == '{') SingleBraceHole();
            else _i++;
        }
    }

    // At '{' in a $"..." or $@"..." string: "{{" is a literal brace, "{" opens a hole.
    private void SingleBraceHole()
    {
        if (At(_i + 1) == '{')
        {
            _i += 2;
            return;
        }
        _i++;
        Hole(1);
    }

    private void RawBody(int quotes, int dollars)
    {
        while (_i < _s.Length)
        {
            var c = _s[_i];
            if (c == '"')
            {
                var run = 0;
                while (At(_i + run) == '"') run++;
                _i += run;
                if (run >= quotes) return;
                continue;
            }
            if (dollars > 0 && c == '{')
            {
                var run = 0;
                while (At(_i + run) == '{') run++;
                _i += run;
                if (run >= dollars) Hole(dollars);
                continue;
            }
            _i++;
        }
    }

    /// <summary>Lexes an interpolation hole whose opening braces are consumed; <paramref name="braces"/> close it.</summary>
    private void Hole(int braces)
    {
        var atFormat = Code(inHole: true);
        if (atFormat)
        {
            // The format clause is text up to the closing brace.
            while (_i < _s.Length && _s[_i] != '}' && _s[_i] != '"') _i++;
            if (At(_i) == '}') _i++;
        }
        for (var k = 1; k < braces && At(_i) == '}'; k++) _i++;
    }

    private static bool IsIdentStart(char c) => char.IsLetter(c) || c == '_' || (c > 127 && char.IsLetterOrDigit(c));

    private static bool IsIdentPart(char c) => char.IsLetterOrDigit(c) || c == '_' || (c > 127 && !char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark or
        System.Globalization.UnicodeCategory.ConnectorPunctuation or System.Globalization.UnicodeCategory.Format);
}
