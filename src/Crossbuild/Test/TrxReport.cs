using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Crossbuild.Test;

/// <summary>
/// Reads the TRX report the Testing Platform's TrxReport extension writes: the structured channel test results come
/// through (never the console).
/// </summary>
public static partial class TrxReport
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>The test cases of the report at <paramref name="path"/>; <paramref name="moduleRoot"/> locates failures in module files.</summary>
    public static IReadOnlyList<TestCaseResult> Read(string path, string moduleRoot)
    {
        var doc = XDocument.Load(path);
        var classes = doc.Descendants(Ns + "UnitTest")
            .Select(u => (Id: (string?)u.Attribute("id"), Class: (string?)u.Element(Ns + "TestMethod")?.Attribute("className")))
            .Where(u => u.Id is not null)
            .GroupBy(u => u.Id!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Class, StringComparer.OrdinalIgnoreCase);
        var results = new List<TestCaseResult>();
        foreach (var r in doc.Descendants(Ns + "UnitTestResult"))
        {
            var name = (string?)r.Attribute("testName") ?? "";
            // MSTest and NUnit name a test by its method; xUnit.net by its full name. Names here are always full.
            if (classes.GetValueOrDefault((string?)r.Attribute("testId") ?? "") is { Length: > 0 } cls && !name.StartsWith(cls + ".", StringComparison.Ordinal))
                name = cls + "." + name;
            var outcome = (string?)r.Attribute("outcome") switch
            {
                "Passed" => TestOutcome.Passed,
                "NotExecuted" => TestOutcome.Skipped,
                _ => TestOutcome.Failed,
            };
            var seconds = TimeSpan.TryParse((string?)r.Attribute("duration") ?? "", System.Globalization.CultureInfo.InvariantCulture, out var d) ? d.TotalSeconds : 0;
            var error = r.Element(Ns + "Output")?.Element(Ns + "ErrorInfo");
            var message = error?.Element(Ns + "Message")?.Value;
            var stack = error?.Element(Ns + "StackTrace")?.Value;
            var (file, line) = Locate(stack, moduleRoot);
            results.Add(new TestCaseResult(name, outcome, seconds, outcome == TestOutcome.Skipped ? SkipReason(r) : message, stack, file, line)
            {
                Output = r.Element(Ns + "Output")?.Element(Ns + "StdOut")?.Value ?? "",
            });
        }
        return results;
    }

    // The reason a framework gives: NUnit's and xUnit.net's as standard output, NUnit's also as the message.
    private static string? SkipReason(XElement result) =>
        (result.Element(Ns + "Output")?.Element(Ns + "StdOut")?.Value ?? result.Element(Ns + "Output")?.Element(Ns + "ErrorInfo")?.Element(Ns + "Message")?.Value)
            is { Length: > 0 } s ? s.Trim() : null;

    // The first frame in a module file: where the failing assertion is.
    private static (string? File, int Line) Locate(string? stack, string moduleRoot)
    {
        if (stack is null) return (null, 0);
        var root = Path.TrimEndingDirectorySeparator(moduleRoot) + Path.DirectorySeparatorChar;
        foreach (Match m in Frame().Matches(stack))
        {
            var file = m.Groups["file"].Value.Trim();
            if (file.StartsWith(root, StringComparison.Ordinal) && int.TryParse(m.Groups["line"].Value, out var line))
                return (file, line);
        }
        return (null, 0);
    }

    [GeneratedRegex(@" in (?<file>.+?):line (?<line>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Frame();
}
