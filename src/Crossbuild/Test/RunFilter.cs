using System.Text;
using System.Text.RegularExpressions;

namespace Crossbuild.Test;

/// <summary>
/// Turns <c>-run</c>'s regular expression into a VSTest filter (<c>FullyQualifiedName~…</c>), which all three
/// frameworks apply before starting a test, so that tests that cannot match are not started: each top-level
/// alternative contributes its literal text (or, for a pattern, its longest literal run). The expression itself
/// then decides exactly which of the reported tests count.
/// </summary>
public static class RunFilter
{
    /// <summary>The VSTest filter for <paramref name="pattern"/>, or null when some alternative has no literal text to narrow by.</summary>
    public static string? ToVsTest(string pattern)
    {
        var terms = new List<string>();
        foreach (var branch in SplitTopLevel(pattern))
        {
            var b = branch;
            var (anchoredStart, anchoredEnd) = (b.StartsWith('^'), b.EndsWith('$') && !b.EndsWith("\\$"));
            if (anchoredStart) b = b[1..];
            if (anchoredEnd) b = b[..^1];
            var runs = LiteralRuns(b, out var wholeLiteral);
            if (wholeLiteral && runs.Count == 1)
                terms.Add($"FullyQualifiedName{(anchoredStart && anchoredEnd ? "=" : "~")}{Escape(runs[0])}");
            else if (runs.Where(r => r.Length >= 2).MaxBy(r => r.Length) is { } longest)
                terms.Add($"FullyQualifiedName~{Escape(longest)}");
            else
                return null;
        }
        return terms.Count == 0 ? null : string.Join('|', terms.Distinct());
    }

    /// <summary>Whether a reported test counts under <paramref name="regex"/>: its name with or without its arguments matches.</summary>
    public static bool Matches(Regex regex, string name) =>
        regex.IsMatch(name) || (name.IndexOf('(') is var paren and > 0 && regex.IsMatch(name[..paren]));

    private static IEnumerable<string> SplitTopLevel(string pattern)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\') { i++; continue; }
            if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth--;
            else if (c == '|' && depth == 0)
            {
                yield return pattern[start..i];
                start = i + 1;
            }
        }
        yield return pattern[start..];
    }

    // The runs of literal characters; a quantifier takes its character out of the run before it.
    private static List<string> LiteralRuns(string branch, out bool wholeLiteral)
    {
        var runs = new List<string>();
        var current = new StringBuilder();
        wholeLiteral = true;
        void Break()
        {
            if (current.Length > 0) runs.Add(current.ToString());
            current.Clear();
        }
        for (var i = 0; i < branch.Length; i++)
        {
            var c = branch[i];
            if (c == '\\' && i + 1 < branch.Length && !char.IsLetterOrDigit(branch[i + 1]))
            {
                current.Append(branch[++i]);
                continue;
            }
            if (c is '*' or '+' or '?' or '{')
            {
                wholeLiteral = false;
                if (c != '+' && current.Length > 0) current.Length--; // the quantified character may be absent
                Break();
                if (c == '{') while (i < branch.Length && branch[i] != '}') i++;
                continue;
            }
            if (c is '.' or '(' or ')' or '[' or ']' or '^' or '$' or '\\' or '|')
            {
                wholeLiteral = false;
                Break();
                if (c == '[') while (i < branch.Length && branch[i] != ']') i++;
                if (c == '\\') i++;
                continue;
            }
            current.Append(c);
        }
        Break();
        return runs;
    }

    // VSTest filter values escape these with a backslash.
    private static string Escape(string value) => Regex.Replace(value, @"[\\()&|=!~]", m => "\\" + m.Value);
}
