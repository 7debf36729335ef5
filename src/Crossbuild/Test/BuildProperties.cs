namespace Crossbuild.Test;

/// <summary>
/// The part of MSBuild's evaluation that a NuGet package's build files need to be read statically: properties,
/// <c>$(Name)</c> expansion and the condition language (<c>==</c>, <c>!=</c>, <c>and</c>, <c>or</c>, <c>!</c>,
/// parentheses, <c>Exists()</c>). A property function or item list cannot be read; an expression holding one
/// expands to <see langword="null"/>, and a condition over it to <see langword="null"/>, so that the caller decides.
/// </summary>
public sealed class BuildProperties
{
    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Properties preset to <paramref name="initial"/>.</summary>
    public BuildProperties(IEnumerable<KeyValuePair<string, string>> initial)
    {
        foreach (var (k, v) in initial) values[k] = v;
    }

    /// <summary>Sets property <paramref name="name"/>.</summary>
    public void Set(string name, string value) => values[name] = value;

    /// <summary>The value of property <paramref name="name"/>, empty when it is not set (as in MSBuild).</summary>
    public string Get(string name) => values.GetValueOrDefault(name, "");

    /// <summary>
    /// <paramref name="text"/> with each <c>$(Name)</c> replaced by its value, with <paramref name="thisFile"/> as
    /// <c>MSBuildThisFile*</c>; <see langword="null"/> when it holds a property function.
    /// </summary>
    public string? Expand(string text, string thisFile)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length || text[i + 1] != '(')
            {
                sb.Append(text[i]);
                continue;
            }
            var close = text.IndexOf(')', i + 2);
            if (close < 0) return null;
            var name = text[(i + 2)..close].Trim();
            if (name.Length == 0 || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-')) return null; // $([...]) or $(X.Y())
            sb.Append(name.ToLowerInvariant() switch
            {
                "msbuildthisfiledirectory" => Path.GetDirectoryName(thisFile) + Path.DirectorySeparatorChar,
                "msbuildthisfile" => Path.GetFileName(thisFile),
                "msbuildthisfilename" => Path.GetFileNameWithoutExtension(thisFile),
                "msbuildthisfilefullpath" => thisFile,
                _ => Get(name),
            });
            i = close;
        }
        return sb.ToString();
    }

    /// <summary>
    /// Whether <paramref name="condition"/> holds (an empty one does); <see langword="null"/> when it cannot be read.
    /// </summary>
    public bool? Holds(string? condition, string thisFile)
    {
        if (string.IsNullOrWhiteSpace(condition)) return true;
        try
        {
            var parser = new ConditionParser(condition, s => Expand(s, thisFile) ?? throw new FormatException());
            var result = parser.Or();
            parser.End();
            return result;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // condition := and ('or' and)*; and := unary ('and' unary)*; unary := '!' unary | '(' condition ')' | operand (op operand)?
    private sealed class ConditionParser(string text, Func<string, string> expand)
    {
        private int pos;

        public bool Or()
        {
            var value = And();
            while (Keyword("or")) value = And() | value;
            return value;
        }

        public void End()
        {
            Skip();
            if (pos != text.Length) throw new FormatException();
        }

        private bool And()
        {
            var value = Unary();
            while (Keyword("and")) value = Unary() & value;
            return value;
        }

        private bool Unary()
        {
            Skip();
            if (Peek('!') && !(pos + 1 < text.Length && text[pos + 1] == '='))
            {
                pos++;
                return !Unary();
            }
            if (Peek('('))
            {
                pos++;
                var inner = Or();
                Skip();
                if (!Peek(')')) throw new FormatException();
                pos++;
                return inner;
            }
            if (Keyword("exists"))
            {
                Skip();
                if (!Peek('(')) throw new FormatException();
                pos++;
                var path = Operand();
                Skip();
                if (!Peek(')')) throw new FormatException();
                pos++;
                return path.Length > 0 && (File.Exists(path) || Directory.Exists(path));
            }
            var left = Operand();
            Skip();
            foreach (var op in new[] { "==", "!=" })
                if (string.CompareOrdinal(text, pos, op, 0, 2) == 0)
                {
                    pos += 2;
                    var right = Operand();
                    var equal = string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
                    return op == "==" ? equal : !equal;
                }
            return left.ToLowerInvariant() switch
            {
                "true" or "on" or "yes" => true,
                "false" or "off" or "no" => false,
                _ => throw new FormatException(), // <, >, functions: not read
            };
        }

        private string Operand()
        {
            Skip();
            if (Peek('\''))
            {
                var end = text.IndexOf('\'', pos + 1);
                if (end < 0) throw new FormatException();
                var raw = text[(pos + 1)..end];
                pos = end + 1;
                if (raw.Contains("@(") || raw.Contains("%(")) throw new FormatException();
                return expand(raw);
            }
            if (string.CompareOrdinal(text, pos, "$(", 0, 2) == 0)
            {
                var close = text.IndexOf(')', pos);
                if (close < 0) throw new FormatException();
                var token = text[pos..(close + 1)];
                pos = close + 1;
                return expand(token);
            }
            var start = pos;
            while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] is '_' or '.')) pos++;
            if (pos == start) throw new FormatException();
            return expand(text[start..pos]);
        }

        private bool Keyword(string word)
        {
            Skip();
            if (pos + word.Length > text.Length || string.Compare(text, pos, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
            var after = pos + word.Length;
            if (after < text.Length && (char.IsLetterOrDigit(text[after]) || text[after] == '_')) return false;
            pos = after;
            return true;
        }

        private bool Peek(char c) => pos < text.Length && text[pos] == c;

        private void Skip()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
        }
    }
}
