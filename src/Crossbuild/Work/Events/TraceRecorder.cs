using System.Diagnostics;
using System.Text.Json;
using Crossbuild.Plan;

namespace Crossbuild.Work.Events;

/// <summary>
/// <c>crossbuild build --trace file.json</c>: the build as a timeline in the Chrome trace event format (what
/// Perfetto and chrome://tracing open), as Go's <c>-debug-trace</c> and Bazel's <c>--profile</c> write one: a
/// <c>build</c> span over everything and the stages (load, vcs, deps, plan, run) on lane 0, each action (compile,
/// with its package, target and whether the cache had it; link; install; prune) on the lane of the worker that ran it.
/// Complete events (<c>"ph": "X"</c>) with microsecond <c>ts</c> and <c>dur</c>.
/// </summary>
public sealed class TraceRecorder : IBuildReporter
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Span> _spans = [];
    private readonly Dictionary<BuildAction, double> _started = new(ReferenceEqualityComparer.Instance);
    private double _stageEnd;

    private sealed record Span(string Name, string Category, double Start, double Duration, int Lane, IReadOnlyList<(string Key, object Value)> Args);

    private double Now => _clock.Elapsed.TotalMicroseconds;

    /// <inheritdoc/>
    public void StageFinished(string stage, double milliseconds)
    {
        lock (_lock)
        {
            // Stages run one after the other: each starts where the last ended, or where its own time says.
            var end = Now;
            var start = Math.Max(_stageEnd, end - milliseconds * 1000);
            _spans.Add(new Span(stage, "stage", start, end - start, 0, []));
            _stageEnd = end;
        }
    }

    /// <inheritdoc/>
    public void ActionStarted(BuildAction action, int lane)
    {
        lock (_lock) _started[action] = Now;
    }

    /// <inheritdoc/>
    public void ActionFinished(BuildAction action, ActionResult result, int lane)
    {
        var end = Now;
        lock (_lock)
        {
            var start = _started.GetValueOrDefault(action, end);
            var (name, category, args) = action switch
            {
                CompileAction c => ($"compile {c.Package.Dir}", "compile", (IReadOnlyList<(string, object)>)
                    [("package", c.Package.Dir), ("target", c.Target.ToString()), ("cached", result is CompileResult r && r.Assembly.FromCache), ("succeeded", result.Succeeded)]),
                LinkAction l => ($"link {l.Main.Package.Dir}", "link", [("package", l.Main.Package.Dir), ("runtime", l.Target.Runtime.Value)]),
                InstallAction i => ($"install {i.App.Main.Package.Dir}", "install", [("directory", i.Directory)]),
                _ => (action.Describe(), "action", []),
            };
            _spans.Add(new Span(name, category, start, end - start, lane, args));
        }
    }

    /// <summary>Writes the trace to <paramref name="path"/> (through a temporary file), ending the <c>build</c> span now.</summary>
    public void Write(string path)
    {
        var end = Now;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteStartArray("traceEvents");
            Meta(w, "process_name", 0, "crossbuild");
            Meta(w, "thread_name", 0, "build");
            Span[] spans;
            lock (_lock) spans = [new Span("build", "build", 0, end, 0, []), .. _spans.OrderBy(s => s.Start)];
            foreach (var lane in spans.Select(s => s.Lane).Where(l => l > 0).Distinct().Order())
                Meta(w, "thread_name", lane, $"worker {lane}");
            foreach (var s in spans)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("cat", s.Category);
                w.WriteString("ph", "X");
                w.WriteNumber("ts", Math.Round(s.Start, 1));
                w.WriteNumber("dur", Math.Round(s.Duration, 1));
                w.WriteNumber("pid", 1);
                w.WriteNumber("tid", s.Lane);
                if (s.Args.Count > 0)
                {
                    w.WriteStartObject("args");
                    foreach (var (key, value) in s.Args)
                    {
                        if (value is bool b) w.WriteBoolean(key, b);
                        else w.WriteString(key, value.ToString());
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("displayTimeUnit", "ms");
            w.WriteEndObject();
        }
        Common.AtomicFile.Write(path, buffer.ToArray());
    }

    private static void Meta(Utf8JsonWriter w, string name, int tid, string value)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("ph", "M");
        w.WriteNumber("pid", 1);
        w.WriteNumber("tid", tid);
        w.WriteStartObject("args");
        w.WriteString("name", value);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
