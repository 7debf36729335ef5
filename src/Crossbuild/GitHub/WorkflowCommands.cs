using System.Text;
using Crossbuild.Diagnostics;

namespace Crossbuild.GitHub;

/// <summary>
/// GitHub Actions workflow commands (<c>::error file=…::message</c>, <c>::group::</c>), escaped by the runner's rules:
/// in messages <c>%</c>, CR and LF; in properties also <c>:</c> and <c>,</c>.
/// </summary>
public static class WorkflowCommands
{
    /// <summary>Whether this process runs in GitHub Actions (<c>GITHUB_ACTIONS=true</c>).</summary>
    public static bool Active => Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true";

    /// <summary>Escapes a command's message.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    /// <summary>Escapes a command property's value.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A").Replace(",", "%2C");

    /// <summary>
    /// <paramref name="diagnostic"/> as an annotation: <c>::error file=src/a.cs,line=3,col=5,title=CS0103::message</c>,
    /// the file relative to <paramref name="workingDirectory"/> (the checkout, where the runner resolves it).
    /// </summary>
    public static string Annotation(BuildDiagnostic diagnostic, string workingDirectory)
    {
        var command = diagnostic.IsError ? "error" : "warning";
        var properties = new List<string>();
        if (diagnostic.Path is { } path)
        {
            properties.Add("file=" + EscapeProperty(Path.GetRelativePath(workingDirectory, path).Replace('\\', '/')));
            if (diagnostic.Line > 0) properties.Add("line=" + diagnostic.Line);
            if (diagnostic.Column > 0) properties.Add("col=" + diagnostic.Column);
        }
        properties.Add("title=" + EscapeProperty(diagnostic.Code));
        return $"::{command} {string.Join(',', properties)}::{EscapeData(diagnostic.Message)}";
    }

    /// <summary>Starts a collapsible group.</summary>
    public static string Group(string title) => "::group::" + EscapeData(title);

    /// <summary>Ends the current group.</summary>
    public const string EndGroup = "::endgroup::";

    /// <summary>Appends <paramref name="markdown"/> to the step summary (<c>GITHUB_STEP_SUMMARY</c>), if there is one.</summary>
    public static void AppendSummary(string markdown)
    {
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } file)
            Append("GITHUB_STEP_SUMMARY", file, markdown);
    }

    /// <summary>Appends <c>name=value</c> to the step's outputs (<c>GITHUB_OUTPUT</c>); false when there is no such file.</summary>
    public static bool SetOutput(string name, string value)
    {
        if (Environment.GetEnvironmentVariable("GITHUB_OUTPUT") is not { Length: > 0 } file) return false;
        if (value.Contains('\n'))
            throw new ArgumentException("multi-line outputs are not supported", nameof(value));
        Append("GITHUB_OUTPUT", file, $"{name}={value}\n");
        return true;
    }

    // The runner's files are the environment's: one that cannot be written is a one-line error naming the variable.
    private static void Append(string variable, string file, string text)
    {
        try
        {
            File.AppendAllText(file, text, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new Diagnostics.CrossbuildException($"{variable}={file}: cannot write it: {e.Message}");
        }
    }

    /// <summary>A Markdown table of a release's artifacts: name, RID, size, SHA-256.</summary>
    public static string Summary(Release.ReleaseResult release)
    {
        var sb = new StringBuilder($"### Release {release.Version.Version}\n\n| artifact | RID | size | SHA-256 |\n|---|---|---:|---|\n");
        foreach (var a in release.Artifacts)
            sb.Append($"| {a.Name} | {a.Rid ?? ""} | {a.Size:N0} B | `{a.Sha256[..16]}…` |\n");
        return sb.Append('\n').ToString();
    }

    /// <summary>A Markdown table of a build's executables: runtime, executable, size, cache hits.</summary>
    public static string Summary(BuildResult result)
    {
        var sb = new StringBuilder("### Crossbuild\n\n| RID | executable | size | packages from the cache |\n|---|---|---:|---:|\n");
        foreach (var target in result.Targets)
            foreach (var app in target.Apps)
            {
                var size = app.Files.Where(File.Exists).Sum(f => new FileInfo(f).Length);
                sb.Append($"| {app.Runtime} | {app.Name} | {size:N0} B | {target.Packages.Count(p => p.CacheHit)}/{target.Packages.Count} |\n");
            }
        sb.Append('\n');
        if (result.RemoteCache is { } remote)
            sb.Append($"Remote cache: {remote.Hits}/{remote.Hits + remote.Misses} compiles from the remote cache ({remote.HitRate * 100:F0}% hit rate); ")
                .Append(remote.Describe()).Append("\n\n");
        // The module's package graph, which GitHub renders from mermaid, with the packages this run compiled marked.
        if (result.Targets.FirstOrDefault(t => t.Loaded is not null)?.Loaded is { } loaded)
        {
            var built = result.Targets.SelectMany(t => t.Packages).Select(p => p.Dir).ToHashSet(StringComparer.Ordinal);
            var packages = loaded.Load.Packages.Where(p => built.Contains(p.Dir)).ToArray();
            var compiled = result.Targets.SelectMany(t => t.Packages).Where(p => !p.CacheHit && p.Succeeded).Select(p => p.Dir).ToHashSet(StringComparer.Ordinal);
            if (packages.Length > 1)
                sb.Append("<details><summary>Package graph (compiled in this run: marked)</summary>\n\n```mermaid\n")
                    .Append(Load.GraphText.Render(Load.GraphFormat.Mermaid, packages.Select(p => p.Dir),
                        packages.SelectMany(p => p.Imports.Where(built.Contains).Select(i => (p.Dir, i))), compiled))
                    .Append("```\n\n</details>\n\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// A failing test as an error annotation at its failing assertion (the stack trace's first frame in the module):
    /// <c>::error file=lib/text/slug_test.cs,line=12,title=Acme.SlugTests.Lowers::message</c>.
    /// </summary>
    public static string TestFailure(Test.TestCaseResult test, string package, string workingDirectory)
    {
        var properties = new List<string>();
        if (test.File is { } file)
        {
            properties.Add("file=" + EscapeProperty(Path.GetRelativePath(workingDirectory, file).Replace('\\', '/')));
            if (test.Line > 0) properties.Add("line=" + test.Line);
        }
        properties.Add("title=" + EscapeProperty($"{package}: {test.Name}"));
        return $"::error {string.Join(',', properties)}::{EscapeData(test.Message ?? "failed")}";
    }

    /// <summary>A Markdown table of a test run: per package its status and passed, failed and skipped counts.</summary>
    public static string Summary(Test.TestRunResult run)
    {
        var sb = new StringBuilder("### Crossbuild tests\n\n| package | RID | result | passed | failed | skipped | time |\n|---|---|---|---:|---:|---:|---:|\n");
        foreach (var p in run.Packages)
        {
            var status = p.Status switch
            {
                Test.TestStatus.Passed => p.Cached ? "ok (cached)" : "ok",
                Test.TestStatus.NoTestFiles => "no test files",
                Test.TestStatus.NotRun => "not run",
                Test.TestStatus.BuildFailed => "build failed",
                _ => "FAIL",
            };
            sb.Append($"| {p.Package} | {p.Runtime} | {status} | {p.Passed} | {p.Failed} | {p.Skipped} | {p.Seconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}s |\n");
        }
        return sb.Append('\n').ToString();
    }
}
