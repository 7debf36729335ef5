using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Crossbuild.Test;

/// <summary>
/// The reports of a test run: Go's one line per package, <c>go test -json</c>'s event stream and JUnit XML. The CLI
/// and the hosts print the same text.
/// </summary>
public static class TestReports
{
    private static string Secs(double s) => s.ToString("0.00", CultureInfo.InvariantCulture) + "s";

    /// <summary>
    /// Go's lines for <paramref name="r"/>: with <paramref name="verbose"/> every test, else each failing test (name, message,
    /// location), then <c>ok</c>, <c>FAIL</c> or <c>?</c> with the package and its time.
    /// </summary>
    public static IEnumerable<string> Lines(PackageTestResult r, bool verbose, Func<string, string> showPath) => Lines(r, verbose, showPath, tests: true);

    private static IEnumerable<string> Lines(PackageTestResult r, bool verbose, Func<string, string> showPath, bool tests)
    {
        foreach (var t in r.Tests.Where(t => tests && (verbose || t.Outcome == TestOutcome.Failed)))
        {
            var word = t.Outcome switch { TestOutcome.Passed => "PASS", TestOutcome.Failed => "FAIL", _ => "SKIP" };
            yield return $"--- {word}: {t.Name} ({Secs(t.Seconds)})";
            if (t.Outcome == TestOutcome.Failed)
            {
                var at = t.File is null ? "" : $"{showPath(t.File)}:{t.Line}: ";
                foreach (var (line, i) in (t.Message ?? "failed").Split('\n').Select((l, i) => (l.TrimEnd('\r'), i)))
                    yield return "    " + (i == 0 ? at : "") + line;
            }
            else if (t.Outcome == TestOutcome.Skipped && t.Message is { Length: > 0 } reason)
                yield return "    " + reason;
        }
        if (r.Problem is { } problem && r.Status == TestStatus.Failed)
        {
            yield return $"    {problem}";
            foreach (var line in r.Output.Split('\n').Where(l => l.Length > 0)) yield return "    " + line;
        }
        yield return r.Status switch
        {
            TestStatus.Passed => $"ok      {r.Package}\t{(r.Cached ? "(cached)" : Secs(r.Seconds))}{(r.Tests.Count == 0 ? " [no tests to run]" : "")}",
            TestStatus.NoTestFiles => $"?       {r.Package}\t[no test files]",
            TestStatus.NotRun => $"?       {r.Package}\t[{r.Problem}]",
            TestStatus.BuildFailed => $"FAIL    {r.Package} [build failed]",
            _ => $"FAIL    {r.Package}\t{Secs(r.Seconds)}",
        };
    }

    /// <summary>The <c>go test -json</c> events of <paramref name="r"/>, one JSON object per line.</summary>
    public static IEnumerable<string> JsonEvents(PackageTestResult r, DateTimeOffset time, Func<string, string> showPath)
    {
        string Event(string action, string? test = null, double? elapsed = null, string? output = null)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("Time", time.ToString("yyyy-MM-ddTHH:mm:ss.fffffffK", CultureInfo.InvariantCulture));
                w.WriteString("Action", action);
                w.WriteString("Package", r.Package);
                if (test is not null) w.WriteString("Test", test);
                if (elapsed is { } e) w.WriteNumber("Elapsed", Math.Round(e, 3));
                if (output is not null) w.WriteString("Output", output);
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }
        yield return Event("start");
        foreach (var t in r.Tests)
        {
            yield return Event("run", t.Name);
            foreach (var line in Lines(r with { Tests = [t], Status = TestStatus.Passed, Problem = null }, verbose: true, showPath).SkipLast(1))
                yield return Event("output", t.Name, output: line + "\n");
            var action = t.Outcome switch { TestOutcome.Passed => "pass", TestOutcome.Failed => "fail", _ => "skip" };
            yield return Event(action, t.Name, t.Seconds);
        }
        var summary = Lines(r, verbose: false, showPath, tests: false).ToArray();
        foreach (var line in summary) yield return Event("output", output: line + "\n");
        var packageAction = r.Status switch { TestStatus.Passed => "pass", TestStatus.NoTestFiles or TestStatus.NotRun => "skip", _ => "fail" };
        yield return Event(packageAction, elapsed: r.Seconds);
    }

    /// <summary>JUnit XML for <paramref name="results"/>: one <c>testsuite</c> per package, one <c>testcase</c> per test.</summary>
    public static XDocument JUnit(IReadOnlyList<PackageTestResult> results)
    {
        string S(double s) => s.ToString("0.000", CultureInfo.InvariantCulture);
        var suites = results.Where(r => r.Status is not (TestStatus.NoTestFiles or TestStatus.NotRun)).Select(r =>
        {
            var suite = new XElement("testsuite",
                new XAttribute("name", r.Package),
                new XAttribute("tests", r.Tests.Count + (r.Problem is null ? 0 : 1)),
                new XAttribute("failures", r.Failed),
                new XAttribute("errors", r.Problem is null || r.Status != TestStatus.Failed && r.Status != TestStatus.BuildFailed ? 0 : 1),
                new XAttribute("skipped", r.Skipped),
                new XAttribute("time", S(r.Seconds)));
            foreach (var t in r.Tests)
            {
                var dot = (t.Name.IndexOf('(') is var p and > 0 ? t.Name[..p] : t.Name).LastIndexOf('.');
                var testcase = new XElement("testcase",
                    new XAttribute("classname", dot > 0 ? t.Name[..dot] : r.Package),
                    new XAttribute("name", dot > 0 ? t.Name[(dot + 1)..] : t.Name),
                    new XAttribute("time", S(t.Seconds)));
                if (t.Outcome == TestOutcome.Failed)
                    testcase.Add(new XElement("failure", new XAttribute("message", (t.Message ?? "failed").Split('\n')[0]), t.StackTrace ?? t.Message ?? ""));
                else if (t.Outcome == TestOutcome.Skipped)
                    testcase.Add(new XElement("skipped", t.Message is null ? null : new XAttribute("message", t.Message)));
                if (t.Output.Length > 0) testcase.Add(new XElement("system-out", t.Output));
                suite.Add(testcase);
            }
            if (r.Problem is { } problem && r.Status is TestStatus.Failed or TestStatus.BuildFailed)
                suite.Add(new XElement("testcase", new XAttribute("classname", r.Package), new XAttribute("name", "(package)"), new XAttribute("time", "0"),
                    new XElement("error", new XAttribute("message", problem), r.Output)));
            return suite;
        });
        var all = new XElement("testsuites", suites);
        all.SetAttributeValue("tests", all.Elements().Sum(s => (int)s.Attribute("tests")!));
        all.SetAttributeValue("failures", all.Elements().Sum(s => (int)s.Attribute("failures")!));
        all.SetAttributeValue("errors", all.Elements().Sum(s => (int)s.Attribute("errors")!));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), all);
    }

    /// <summary><see cref="JUnit"/> as the text of a file.</summary>
    public static string JUnitText(IReadOnlyList<PackageTestResult> results)
    {
        var doc = JUnit(results);
        return doc.Declaration + "\n" + doc.Root + "\n";
    }
}
