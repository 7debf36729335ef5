using System.Diagnostics;
using System.Text.Json;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;

namespace Crossbuild.Work.Events;

/// <summary>
/// <c>crossbuild build -json</c>: the build as one JSON object per line, in the spirit of <c>go build -json</c> (the
/// schema is docs/json.md, and docs/build-json.schema.json checks it): stages, each compile's start and finish with
/// its cache hit and duration, each diagnostic as fields, each file written, load errors, and a final summary; for
/// <c>run</c> then the program's output and exit code, for <c>release</c> its artifacts.
/// Lines are written whole, under a lock, in the order things happen.
/// </summary>
/// <param name="output">Where the lines go (stdout).</param>
/// <param name="workingDirectory">Paths are shown relative to it, as the text output shows them.</param>
public sealed class JsonEventReporter(TextWriter output, string workingDirectory) : IBuildReporter
{
    // Readable text (quotes and non-ASCII as they are); still one valid JSON object per line.
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<BuildAction, long> _started = new(ReferenceEqualityComparer.Instance);

    /// <inheritdoc/>
    public void StageFinished(string stage, double milliseconds) =>
        Write("stage", w =>
        {
            w.WriteString("Stage", stage);
            w.WriteNumber("Elapsed", Math.Round(milliseconds / 1000, 6));
        });

    /// <inheritdoc/>
    public void ActionStarted(BuildAction action, int lane)
    {
        if (action is not CompileAction compile) return;
        lock (_lock) _started[action] = _clock.ElapsedTicks;
        Write("compile-start", w => Compile(w, compile));
    }

    /// <inheritdoc/>
    public void ActionFinished(BuildAction action, ActionResult result, int lane)
    {
        if (action is not CompileAction compile || result is not CompileResult compiled) return;
        long started;
        lock (_lock) started = _started.GetValueOrDefault(action, _clock.ElapsedTicks);
        var seconds = (double)(_clock.ElapsedTicks - started) / Stopwatch.Frequency;
        Write("compile-finish", w =>
        {
            Compile(w, compile);
            w.WriteBoolean("Cached", compiled.Assembly.FromCache);
            w.WriteBoolean("Succeeded", compiled.Assembly.Succeeded);
            w.WriteNumber("Elapsed", Math.Round(seconds, 6));
        });
    }

    /// <inheritdoc/>
    public void Diagnostics(Package package, IReadOnlyList<BuildDiagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
            Write("diagnostic", w =>
            {
                w.WriteString("Package", package.Dir);
                if (d.Path is { } path)
                {
                    w.WriteString("File", PathDisplay.Relative(workingDirectory, path));
                    w.WriteNumber("Line", d.Line);
                    w.WriteNumber("Column", d.Column);
                }
                w.WriteString("Code", d.Code);
                w.WriteString("Severity", d.Severity);
                w.WriteString("Message", d.Message);
            });
    }

    /// <inheritdoc/>
    public void Wrote(string path) => Write("write", w => w.WriteString("Path", PathDisplay.Relative(workingDirectory, path)));

    /// <inheritdoc/>
    public void Notice(string message) => Write("notice", w => w.WriteString("Message", message));

    /// <inheritdoc/>
    public void RemoteCacheUsed(Cache.Remote.RemoteCacheStats stats) =>
        Write("remote-cache", w =>
        {
            w.WriteString("Url", stats.Url);
            w.WriteNumber("Hits", stats.Hits);
            w.WriteNumber("Misses", stats.Misses);
            w.WriteNumber("BytesDown", stats.BytesDown);
            w.WriteNumber("BytesUp", stats.BytesUp);
            w.WriteNumber("Uploaded", stats.Uploaded);
            w.WriteNumber("Failures", stats.Failures);
            w.WriteBoolean("SwitchedOff", stats.SwitchedOff);
            w.WriteBoolean("Upload", stats.Upload);
            w.WriteNumber("Elapsed", Math.Round(stats.Milliseconds / 1000, 6));
        });

    /// <inheritdoc/>
    public void CacheProblem(string message) => Write("notice", w => w.WriteString("Message", "cache: " + message));

    /// <summary>Writes the load errors and the summary of <paramref name="result"/>; returns the exit code.</summary>
    public int Finish(BuildResult result)
    {
        foreach (var e in result.Errors)
            Write("error", w => w.WriteString("Message", e));
        var packages = result.Targets.SelectMany(t => t.Packages).ToArray();
        var diagnostics = packages.SelectMany(p => p.Diagnostics).ToArray();
        Write("summary", w =>
        {
            w.WriteBoolean("Succeeded", result.Succeeded);
            w.WriteNumber("Packages", packages.Length);
            w.WriteNumber("Compiled", packages.Count(p => !p.CacheHit && p.Succeeded));
            w.WriteNumber("Cached", packages.Count(p => p.CacheHit));
            w.WriteNumber("Errors", diagnostics.Count(d => d.IsError) + result.Errors.Count);
            w.WriteNumber("Warnings", diagnostics.Count(d => d.Severity == "warning"));
            w.WriteStartArray("Executables");
            foreach (var app in result.Targets.SelectMany(t => t.Apps))
                w.WriteStringValue(PathDisplay.Relative(workingDirectory, app.AppHostPath));
            w.WriteEndArray();
            w.WriteNumber("Elapsed", Math.Round(_clock.Elapsed.TotalSeconds, 6));
        });
        return result.Succeeded ? 0 : 1;
    }

    /// <summary><c>run -json</c>: one line of the program's output (with its newline, if it had one), after the summary.</summary>
    public void Output(string stream, string text) =>
        Write("output", w =>
        {
            w.WriteString("Stream", stream);
            w.WriteString("Output", text);
        });

    /// <summary><c>run -json</c>: the program's exit code, last; returns it.</summary>
    public int Exit(int code)
    {
        Write("exit", w => w.WriteNumber("ExitCode", code));
        return code;
    }

    /// <summary><c>release -json</c>: its warnings, each artifact, then the release itself, last; returns 0.</summary>
    public int Released(Release.ReleaseResult release)
    {
        foreach (var warning in release.Warnings)
            Write("warning", w => w.WriteString("Message", warning));
        foreach (var a in release.Artifacts)
            Write("artifact", w =>
            {
                w.WriteString("Path", PathDisplay.Relative(workingDirectory, Path.Combine(release.Directory, a.Name)));
                w.WriteString("Kind", a.Kind);
                if (a.Rid is { } rid) w.WriteString("Runtime", rid);
                w.WriteNumber("Size", a.Size);
                w.WriteString("Sha256", a.Sha256);
            });
        Write("release", w =>
        {
            w.WriteString("Version", release.Version.Version);
            w.WriteString("Directory", PathDisplay.Relative(workingDirectory, release.Directory));
            w.WriteNumber("Artifacts", release.Artifacts.Count);
            w.WriteNumber("Elapsed", Math.Round(_clock.Elapsed.TotalSeconds, 6));
        });
        return 0;
    }

    /// <summary>Writes a build that could not start (<paramref name="message"/>, one line) and its summary; returns 1.</summary>
    public int Fail(string message) => Finish(new BuildResult(false, [message], [], [], [], []));

    private static void Compile(Utf8JsonWriter w, CompileAction compile)
    {
        w.WriteString("Package", compile.Package.Dir);
        w.WriteString("Target", compile.Target.ToString());
    }

    private void Write(string action, Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("Time", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("Action", action);
            fields(w);
            w.WriteEndObject();
        }
        var line = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        lock (_lock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
