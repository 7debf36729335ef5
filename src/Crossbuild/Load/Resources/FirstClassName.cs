using System.Text;

namespace Crossbuild.Load.Resources;

/// <summary>
/// The first class (or record) name in a C# file, qualified with its namespaces, found as MSBuild's
/// <c>CreateCSharpManifestResourceName</c> finds it for the <c>DependentUpon</c> convention: a token scan that skips
/// comments, strings and preprocessor lines (it reads no <c>#if</c> condition) and follows <c>namespace</c> blocks,
/// file-scoped namespaces and braces. Its quirks are MSBuild's, so resource names agree with <c>dotnet build</c>.
/// </summary>
public static class FirstClassName
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "finally", "fixed",
        "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock", "long",
        "namespace", "new", "object", "operator", "out", "override", "params", "private", "protected", "public", "readonly",
        "record", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string", "struct", "switch",
        "this", "throw", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void",
        "volatile", "while",
    };

    /// <summary>The qualified name of the first class in <paramref name="text"/>, or null when it declares none.</summary>
    public static string? Find(string text)
    {
        var stack = new Stack<string>();
        var ns = "";
        bool inNamespace = false, inClass = false;
        void Reset() => (inNamespace, inClass, ns) = (false, false, "");
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '/' && At(text, i + 1, '/')) { i = LineEnd(text, i); continue; }
            if (c == '/' && At(text, i + 1, '*'))
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) return null;
                i = end + 2;
                continue;
            }
            if (c == '\'') { i = SkipQuoted(text, i, '\''); continue; }
            if (c == '@' && At(text, i + 1, '"'))
            {
                i += 2;
                while (i < text.Length && !(text[i] == '"' && !At(text, i + 1, '"'))) i += text[i] == '"' ? 2 : 1;
                i++;
                continue;
            }
            if (c == '"') { i = SkipQuoted(text, i, '"'); continue; }
            if (c == '#')
            {
                // #if and #endif only count MSBuild's "inside a conditional" warning, which changes no name.
                i = LineEnd(text, i);
                continue;
            }
            if (c == '@' || char.IsLetter(c) || c == '_')
            {
                var start = c == '@' ? i + 1 : i;
                i = start;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || char.GetUnicodeCategory(text[i]) is
                           System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark or
                           System.Globalization.UnicodeCategory.ConnectorPunctuation or System.Globalization.UnicodeCategory.Format)) i++;
                var word = text[start..i];
                if (c != '@' && Keywords.Contains(word))
                {
                    Reset();
                    if (word == "namespace") inNamespace = true;
                    else if (word is "class" or "record") inClass = true;
                }
                else if (c != '@' && word is "true" or "false" or "null") { }
                else if (inNamespace) ns += word;
                else if (inClass) return Compose(stack, word);
                continue;
            }
            if (c == '{') { stack.Push(ns); Reset(); i++; continue; }
            if (c == '}') { Reset(); if (stack.Count > 0) stack.Pop(); i++; continue; }
            if (inNamespace && c == ';') { stack.Push(ns); Reset(); i++; continue; }
            if (inNamespace && c == '.') { ns += "."; i++; continue; }
            i++;
        }
        return null;
    }

    private static bool At(string text, int i, char c) => i < text.Length && text[i] == c;

    private static int LineEnd(string text, int i)
    {
        var end = text.IndexOfAny(['\n', '\r'], i);
        return end < 0 ? text.Length : end;
    }

    private static int SkipQuoted(string text, int i, char quote)
    {
        i++;
        while (i < text.Length && text[i] != quote && text[i] != '\n')
            i += text[i] == '\\' ? 2 : 1;
        return i + 1;
    }

    private static string Compose(Stack<string> stack, string name)
    {
        var sb = new StringBuilder();
        foreach (var part in stack.Reverse().Where(p => p.Length > 0)) sb.Append(part).Append('.');
        return sb.Append(name).ToString();
    }
}
